package org.crjob.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -v/--verbose}, for the top command and every subcommand that mixes it in
 * ({@code @Mixin VerboseMixin verbose;}).
 *
 * <p>Each command that mixes this in has its own instance; the level is stored on the top-most instance
 * (picocli's logging_mixin_advanced pattern), so {@code crjob -v run} and {@code crjob run -v} mean the same
 * and {@link ErrorReporter} finds it in one place. The flag may be repeated ({@code -vv}, as users of other tools
 * type it); nothing says more for a second one, so the help promises no more.
 */
public final class VerboseMixin {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private int level;

    @Option(names = {"-v", "--verbose"},
            description = "On errors, show the stack trace.")
    void setVerbose(boolean[] flags) {
        VerboseMixin top = topMost(mixee);
        VerboseMixin target = top != null ? top : this;
        target.level = Math.max(target.level, flags.length);
    }

    /**
     * The verbosity for a command anywhere in the tree; 0 if neither it nor any command above it mixes in
     * {@code VerboseMixin}.
     */
    public static int level(CommandSpec spec) {
        int level = 0;
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            VerboseMixin own = own(s);
            if (own != null) {
                level = Math.max(level, own.level);
            }
        }
        return level;
    }

    private static VerboseMixin topMost(CommandSpec spec) {
        VerboseMixin top = null;
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            VerboseMixin own = own(s);
            if (own != null) {
                top = own;
            }
        }
        return top;
    }

    private static VerboseMixin own(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof VerboseMixin verbose) {
                return verbose;
            }
        }
        return null;
    }
}
