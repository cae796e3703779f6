package org.crjob.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packages of native, slurm-adapter and engine keep {@link EngineArchitecture}'s rules; each rule fails on the
 * fixture classes in {@code org.crjob.archfixture} that break it.
 */
class ArchitectureTest {

    /** crjob's own classes below the CLI, without tests and fixtures. */
    private static final JavaClasses CRJOB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ArchitectureTest::notATestJar)
            .importPackages("org.crjob");

    /** The test sources' classes that break the rules on purpose. */
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("org.crjob.archfixture");

    @Test
    void theEnginePackagesHaveNoCycles() {
        assertTrue(CRJOB.contain("org.crjob.engine.coordinator.Coordinator"), "the engine's classes were imported");
        EngineArchitecture.NO_PACKAGE_CYCLES.check(CRJOB);
    }

    @Test
    void onlyTheProcessPackageAndTheNamedStartersUseProcessBuilderOrCommonsExec() {
        EngineArchitecture.PROCESSES_ONLY_IN_PROCESS.check(CRJOB);
    }

    @Test
    void onlyThePosixPackageUsesJna() {
        EngineArchitecture.JNA_ONLY_IN_POSIX.check(CRJOB);
    }

    static Stream<Arguments> fixturesBreakingARule() {
        return Stream.of(
                arguments("a cycle between a package and one inside it", EngineArchitecture.NO_PACKAGE_CYCLES,
                        "archfixture.cycle.child.Child"),
                arguments("a ProcessBuilder outside the process package", EngineArchitecture.PROCESSES_ONLY_IN_PROCESS,
                        "archfixture.outside.StartsAProcess"),
                arguments("commons-exec outside the process package", EngineArchitecture.PROCESSES_ONLY_IN_PROCESS,
                        "archfixture.outside.RunsCommonsExec"),
                arguments("JNA outside the posix package", EngineArchitecture.JNA_ONLY_IN_POSIX,
                        "archfixture.outside.CallsLibc"));
    }

    @ParameterizedTest(name = "{0} is reported")
    @MethodSource("fixturesBreakingARule")
    void aFixtureBreakingARuleIsReported(String breach, ArchRule rule, String culprit) {
        EvaluationResult result = rule.evaluate(FIXTURES);

        assertTrue(result.hasViolation(), "the fixture breaks: " + rule.getDescription());
        assertTrue(result.getFailureReport().getDetails().stream().anyMatch(line -> line.contains(culprit)),
                () -> "the report names " + culprit + ": " + result.getFailureReport().getDetails());
        assertFalse(rule.evaluate(CRJOB).hasViolation(), "crjob itself keeps: " + rule.getDescription());
    }

    @Test
    void docsPackagesNamesEveryPackage() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "packages.md"));
        List<String> missing = CRJOB.stream().map(JavaClass::getPackageName).distinct()
                .filter(name -> !page.contains("`" + name + "`")).sorted().toList();
        assertEquals(List.of(), missing, "packages docs/packages.md does not describe");
    }

    /** Test sources shared through a module's test-jar (slurm-adapter's stand-in Slurm, second user) are tests too. */
    private static boolean notATestJar(Location location) {
        return !location.contains("-tests.jar");
    }
}
