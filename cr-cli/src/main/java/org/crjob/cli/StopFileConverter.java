package org.crjob.cli;

import org.crjob.engine.StopFile;
import picocli.CommandLine.ITypeConverter;

/** {@code --stop-file PATH[=CONTENT]}, refused as it is parsed when it names no file. */
final class StopFileConverter implements ITypeConverter<StopFile> {
    @Override
    public StopFile convert(String value) {
        return StopFile.parse(value, false); // whether --signal is sent too is known once every option is read
    }
}
