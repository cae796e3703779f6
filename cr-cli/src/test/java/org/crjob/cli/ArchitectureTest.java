package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every crjob class keeps {@link CliArchitecture}'s rules; each rule fails on the fixture classes (in the test
 * sources, under {@code archfixture}) that break it.
 */
class ArchitectureTest {

    /** crjob's own classes, the CLI's and those it depends on, without tests and fixtures. */
    private static final JavaClasses CRJOB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ArchitectureTest::notATestJar)
            .importPackages("org.crjob");

    /** The test sources' classes that break the rules on purpose. */
    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importPackages("org.crjob.archfixture", "org.crjob.cli.archfixture");

    @Test
    void onlyTheCliUsesPicocli() {
        assertTrue(CRJOB.contain("org.crjob.cli.Main") && CRJOB.contain("org.crjob.engine.coordinator.Coordinator"),
                "the CLI's and the engine's classes were imported");
        CliArchitecture.PICOCLI_ONLY_IN_CLI.check(CRJOB);
    }

    @Test
    void theCliUsesTheEnginesEntryPointsOnly() {
        CliArchitecture.CLI_USES_ENTRY_POINTS.check(CRJOB);
    }

    static Stream<Arguments> fixturesBreakingARule() {
        return Stream.of(
                arguments("picocli outside the CLI", CliArchitecture.PICOCLI_ONLY_IN_CLI,
                        "archfixture.outside.ParsesItsOwnOptions"),
                arguments("a command serving the coordinator itself", CliArchitecture.CLI_USES_ENTRY_POINTS,
                        "archfixture.ServesACoordinator"),
                arguments("a command driving DMTCP itself", CliArchitecture.CLI_USES_ENTRY_POINTS,
                        "archfixture.DrivesDmtcp"));
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

    /** Test sources shared through a module's test-jar (slurm-adapter's stand-in Slurm, second user) are tests too. */
    private static boolean notATestJar(Location location) {
        return !location.contains("-tests.jar");
    }
}
