package org.crjob.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.coordinator.CoordinatorCommands;
import org.crjob.engine.coordinator.Messages;
import org.crjob.engine.coordinator.RequestRefusedException;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorReplyException;
import org.crjob.engine.protocol.CoordinatorUnreachableException;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.JobLog;
import org.crjob.process.CommandResult;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The requests one subcommand makes to a job's coordinator, found with --job or from the job's own
 * environment.
 *
 * <p>From a login node the coordinator's node may not be reachable (a firewall, node names only the
 * cluster's own network resolves). Then, for a --job given on the command line, {@link #hereOrOnTheNode}
 * says so in one line and runs the same crjob command line on the job's node through
 * {@code srun --overlap --jobid}, relaying its output and exit code. There it runs with
 * {@value #ENV_ON_NODE}=1, which stops it from trying srun again.
 */
final class CoordinatorCall {
    /** Set for a crjob that srun runs on the job's node on behalf of one that could not reach the coordinator. */
    static final String ENV_ON_NODE = "CRJOB_ON_NODE";
    /** What srun needs on top of the coordinator's own reply time: a step to start, a JVM to start. */
    private static final Duration SRUN_OVERHEAD = Duration.ofSeconds(60);

    private final CommandSpec spec;
    private final Optional<String> job;
    private final JobLog log;
    private CoordinatorInfo coordinator;
    private Duration replyTimeout = Duration.ofSeconds(30);

    /**
     * @param spec the subcommand's spec: its writers, and its command line for the run on the node
     * @param job  the --job given, if any
     */
    CoordinatorCall(CommandSpec spec, Optional<String> job) {
        this.spec = spec;
        this.job = job;
        this.log = BaseCommand.jobLog(spec);
    }

    /**
     * Runs {@code body} (the subcommand's work, which talks to the coordinator through {@link #call}) and
     * returns its exit code; when the coordinator of the --job cannot be reached from here, runs the whole
     * command line on the job's node instead and returns that run's exit code.
     */
    int hereOrOnTheNode(IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (CoordinatorUnreachableException e) {
            if (job.isEmpty() || coordinator == null || job.get().startsWith("local-")
                    || System.getenv(ENV_ON_NODE) != null) {
                throw e; // inside the job, for a job outside Slurm, or already on the node: nowhere else to go
            }
            return onTheNode(job.get(), e);
        }
    }

    JsonNode call(String command, ObjectNode args, Duration timeout) {
        replyTimeout = timeout;
        coordinator = Coordinators.locate(job, log);
        try {
            return Coordinators.client(coordinator).call(command,
                    args == null ? Messages.JSON.createObjectNode() : args, timeout);
        } catch (CoordinatorReplyException e) {
            throw asLocalError(e);
        }
    }

    <T> T call(String command, ObjectNode args, Duration timeout, Class<T> reply) {
        return Messages.fromJson(call(command, args, timeout), reply);
    }

    private int onTheNode(String jobId, CoordinatorUnreachableException unreachable) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println(ErrorReporter.PREFIX + "the coordinator of job " + jobId + " at " + coordinator.host() + ":"
                + coordinator.port() + " cannot be reached from here (" + why(unreachable) + "); running the"
                + " command on the job's node through srun --overlap --jobid=" + jobId);
        err.flush();
        List<String> argv = new ArrayList<>(List.of("env", ENV_ON_NODE + "=1",
                System.getenv().getOrDefault("CRJOB_LAUNCHER", "crjob")));
        argv.addAll(spec.commandLine().getParseResult().originalArgs());
        CommandResult result = Coordinators.slurm(log).runOnJobNode(jobId, argv, replyTimeout.plus(SRUN_OVERHEAD));
        out.print(result.stdout());
        out.flush();
        err.print(result.stderr());
        err.flush();
        return result.exitCode();
    }

    private static String why(CoordinatorUnreachableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnknownHostException) {
            return "the host name is unknown here";
        }
        return cause == null || cause.getMessage() == null ? e.getMessage() : cause.getMessage().toLowerCase(Locale.ROOT);
    }

    /** The coordinator's refusals as the exceptions they are in-process, so they get the same exit codes. */
    private static RuntimeException asLocalError(CoordinatorReplyException e) {
        return switch (e.code()) {
            case CoordinatorCommands.CHECKPOINT_FAILED -> new CheckpointFailedException(e.getMessage());
            case CoordinatorCommands.REFUSED -> new RequestRefusedException(e.getMessage());
            case CoordinatorCommands.INVALID -> new InvalidValueException(e.getMessage());
            default -> e;
        };
    }
}
