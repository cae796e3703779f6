package org.crjob.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages of native, slurm-adapter and engine keep {@link EngineArchitecture}'s rules; each rule fails on the
 * fixture classes in {@code org.crjob.archfixture} that break it.
 */
class ArchitectureTest {

    /** crjob's own classes below the CLI, without tests and fixtures. */
    private static final JavaClasses CRJOB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.crjob");

    /** The test sources' classes that break the rules on purpose. */
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("org.crjob.archfixture");

    @Test
    void theEnginePackagesHaveNoCycles() {
        assertTrue(CRJOB.contain("org.crjob.engine.coordinator.Coordinator"), "the engine's classes were imported");
        EngineArchitecture.NO_PACKAGE_CYCLES.check(CRJOB);
    }

    @Test
    void aCycleBetweenAPackageAndOneInsideItIsReported() {
        assertViolation(EngineArchitecture.NO_PACKAGE_CYCLES, "archfixture.cycle.child.Child");
    }

    @Test
    void onlyTheProcessPackageAndTheNamedStartersUseProcessBuilderOrCommonsExec() {
        EngineArchitecture.PROCESSES_ONLY_IN_PROCESS.check(CRJOB);
    }

    @Test
    void aProcessBuilderOutsideTheProcessPackageIsReported() {
        assertViolation(EngineArchitecture.PROCESSES_ONLY_IN_PROCESS, "archfixture.outside.StartsAProcess");
    }

    @Test
    void commonsExecOutsideTheProcessPackageIsReported() {
        assertViolation(EngineArchitecture.PROCESSES_ONLY_IN_PROCESS, "archfixture.outside.RunsCommonsExec");
    }

    @Test
    void onlyThePosixPackageUsesJna() {
        EngineArchitecture.JNA_ONLY_IN_POSIX.check(CRJOB);
    }

    @Test
    void jnaOutsideThePosixPackageIsReported() {
        assertViolation(EngineArchitecture.JNA_ONLY_IN_POSIX, "archfixture.outside.CallsLibc");
    }

    @Test
    void docsPackagesNamesEveryPackage() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "packages.md"));
        List<String> missing = CRJOB.stream().map(JavaClass::getPackageName).distinct()
                .filter(name -> !page.contains("`" + name + "`")).sorted().toList();
        assertEquals(List.of(), missing, "packages docs/packages.md does not describe");
    }

    private static void assertViolation(ArchRule rule, String culprit) {
        EvaluationResult result = rule.evaluate(FIXTURES);
        assertTrue(result.hasViolation(), "the fixture breaks: " + rule.getDescription());
        assertTrue(result.getFailureReport().getDetails().stream().anyMatch(line -> line.contains(culprit)),
                () -> "the report names " + culprit + ": " + result.getFailureReport().getDetails());
        assertFalse(rule.evaluate(CRJOB).hasViolation(), "crjob itself keeps: " + rule.getDescription());
    }
}
