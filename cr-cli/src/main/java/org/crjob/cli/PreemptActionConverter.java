package org.crjob.cli;

import org.crjob.engine.run.PreemptAction;
import org.crjob.failure.InvalidValueException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --on-preempt requeue|stop}, in any case, with the engine's message for anything else. */
final class PreemptActionConverter implements ITypeConverter<PreemptAction> {
    @Override
    public PreemptAction convert(String value) {
        try {
            return PreemptAction.parse(value);
        } catch (InvalidValueException e) {
            // the engine's message names the allowed values; picocli would wrap any other exception in its own
            throw new TypeConversionException(e.getMessage());
        }
    }
}
