package org.crjob.engine.coordinator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.crjob.engine.EngineKind;
import org.crjob.engine.protocol.CoordinatorInfo;

/**
 * What {@code crjob start-coordinator} does, as a process of its own, so a test can end the process that
 * started a coordinator: {@code DaemonTestStarter WORK_DIR JOB_ID CKPT_DIR} starts one, prints
 * {@code started PID} and then waits until its stdin closes (or it is killed).
 */
final class DaemonTestStarter {

    private DaemonTestStarter() {
    }

    public static void main(String[] args) throws IOException {
        CoordinatorConfig config = new CoordinatorConfig(args[1], EngineKind.SIGNAL.id(), Path.of(args[0]),
                Path.of(args[2]), 2, Duration.ZERO, false, Duration.ofSeconds(5));
        CoordinatorInfo info = CoordinatorStarter.start(config, 0, DaemonFixture.READY);
        System.out.println("started " + info.pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // held until the test closes our stdin or kills us
        }
    }
}
