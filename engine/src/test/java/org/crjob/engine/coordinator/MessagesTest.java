package org.crjob.engine.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.StopFile;
import org.crjob.posix.Signal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesTest {

    @ParameterizedTest(name = "--signal given too: {0}")
    @ValueSource(booleans = {false, true})
    void aLaunchedApplicationsStopFileReachesADetachedCoordinator(boolean withSignal) {
        AppSpec spec = new AppSpec(List.of("lmp", "-in", "in.lj"), List.of(Path.of("/w/restart.lj")), Signal.INT,
                Path.of("/w/done"), Duration.ofSeconds(60), false, Optional.empty(),
                Optional.of(new StopFile(Path.of("/w/STOPCAR"), "LSTOP = .TRUE.\n", withSignal)));

        Messages.Register sent = Messages.Register.of(spec, 123);

        assertEquals(spec, Messages.fromJson(Messages.toJson(sent), Messages.Register.class).spec());
    }
}
