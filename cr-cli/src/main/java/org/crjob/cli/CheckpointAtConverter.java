package org.crjob.cli;

import org.crjob.engine.run.CheckpointAt;
import picocli.CommandLine.ITypeConverter;

/** {@code --checkpoint-at deadline|signal}, in any case, with the engine's message for anything else. */
final class CheckpointAtConverter implements ITypeConverter<CheckpointAt> {
    @Override
    public CheckpointAt convert(String value) {
        return CheckpointAt.parse(value);
    }
}
