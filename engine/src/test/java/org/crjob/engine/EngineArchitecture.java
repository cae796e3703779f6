package org.crjob.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The rules the packages under org.crjob keep (docs/packages.md describes them), checked on crjob's classes by
 * {@link ArchitectureTest} and, to show that each catches what it is for, on the classes of
 * {@code org.crjob.archfixture} that break them.
 */
final class EngineArchitecture {

    /**
     * The classes that start a process with {@link ProcessBuilder} themselves: each starts one that outlives the
     * call, which {@code org.crjob.process} (short-lived commands, with a timeout and their output captured) is not
     * for. The application, with the job's own stdin, stdout and stderr (it must write to the job's output, and its
     * exit status is crjob's); the detached coordinator daemon, with its log file as output; and DMTCP's
     * coordinator, which runs as long as the job.
     */
    static final Set<String> STARTERS_OF_LONG_LIVED_PROCESSES = Set.of(
            "org.crjob.engine.launch.AppLauncher",
            "org.crjob.engine.coordinator.CoordinatorStarter");

    /** Every package is a slice of its own, so that a package and one inside it (engine ⇄ coordinator) count. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.crjob.(**)").namingSlices("$1")
            .should().beFreeOfCycles()
            .because("a package cycle makes the packages one: none can be understood, tested or moved alone");

    static final ArchRule PROCESSES_ONLY_IN_PROCESS = noClasses()
            .that().resideOutsideOfPackage("org.crjob.process..")
            .and(DescribedPredicate.not(named(STARTERS_OF_LONG_LIVED_PROCESSES)))
            .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class)
            .orShould().dependOnClassesThat().resideInAPackage("org.apache.commons.exec..")
            .because("org.crjob.process runs external commands: with a timeout, and their stderr in every error");

    static final ArchRule JNA_ONLY_IN_POSIX = noClasses()
            .that().resideOutsideOfPackage("org.crjob.posix..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
            .because("org.crjob.posix is the one place that calls libc, with errno turned into exceptions");

    private EngineArchitecture() {
    }

    private static DescribedPredicate<JavaClass> named(Set<String> names) {
        return DescribedPredicate.describe("one of " + names, javaClass -> names.contains(javaClass.getName()));
    }
}
