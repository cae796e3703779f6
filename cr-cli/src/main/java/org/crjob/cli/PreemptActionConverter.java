package org.crjob.cli;

import org.crjob.engine.run.PreemptAction;
import picocli.CommandLine.ITypeConverter;

/** {@code --on-preempt requeue|stop}, in any case, with the engine's message for anything else. */
final class PreemptActionConverter implements ITypeConverter<PreemptAction> {
    @Override
    public PreemptAction convert(String value) {
        return PreemptAction.parse(value);
    }
}
