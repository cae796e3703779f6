package org.crjob.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import org.crjob.engine.dmtcp.DmtcpJobScript;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.protocol.CoordinatorServer;
import org.crjob.engine.protocol.Tokens;

/**
 * The CLI's rules (docs/packages.md): picocli stays in it, and it goes through the engine's entry points. Checked on
 * crjob's classes by {@link ArchitectureTest}, and on the fixtures that break them.
 */
final class CliArchitecture {

    /**
     * What the CLI must not use: the coordinator's server and its tokens (the engine serves and authenticates; the
     * CLI calls), and DMTCP's internals. Of the dmtcp package a command may take the options users set, what a
     * job script that runs DMTCP's own commands is given, and the exceptions the engine's entry points throw (they
     * are part of those entry points: the CLI turns them into exit codes).
     */
    static final DescribedPredicate<JavaClass> ENGINE_INTERNALS = belongToAnyOf(CoordinatorServer.class, Tokens.class)
            .or(resideInAPackage("org.crjob.engine.dmtcp..")
                    .and(DescribedPredicate.not(belongToAnyOf(DmtcpOptions.class, DmtcpJobScript.class)))
                    .and(DescribedPredicate.not(assignableTo(Throwable.class))))
            .as("the coordinator's server, its tokens, or DMTCP's internals (any of org.crjob.engine.dmtcp but"
                    + " DmtcpOptions, DmtcpJobScript and exceptions)");

    static final ArchRule PICOCLI_ONLY_IN_CLI = noClasses()
            .that().resideOutsideOfPackage("org.crjob.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("only cr-cli knows picocli: the engine is used by commands, and knows none");

    static final ArchRule CLI_USES_ENTRY_POINTS = noClasses()
            .that().resideInAPackage("org.crjob.cli..")
            .should().dependOnClassesThat(ENGINE_INTERNALS)
            .because("a command is thin: it parses, calls one engine entry point, and prints");

    private CliArchitecture() {
    }
}
