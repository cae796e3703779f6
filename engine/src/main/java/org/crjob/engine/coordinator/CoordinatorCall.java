package org.crjob.engine.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorReplyException;
import org.crjob.engine.protocol.CoordinatorUnreachableException;
import org.crjob.failure.InvalidValueException;
import org.crjob.process.CommandResult;
import org.crjob.slurm.Slurm;

/**
 * The requests one crjob command makes to a job's coordinator, found with --job or from the job's own
 * environment.
 *
 * <p>From a login node the coordinator's node may not be reachable (a firewall, node names only the
 * cluster's own network resolves). Then, for a --job given on the command line, {@link #hereOrOnTheNode}
 * says so in one line and runs the same crjob command line on the job's node through
 * {@code srun --overlap --jobid}, relaying its output and exit code. There it runs with
 * {@value #ENV_ON_NODE}=1, which stops it from trying srun again.
 */
public final class CoordinatorCall {
    /** Set for a crjob that srun runs on the job's node on behalf of one that could not reach the coordinator. */
    public static final String ENV_ON_NODE = "CRJOB_ON_NODE";
    /** What srun needs on top of the coordinator's own reply time: a step to start, a JVM to start. */
    private static final Duration SRUN_OVERHEAD = Duration.ofSeconds(60);

    private final CoordinatorLocator locator;
    private final Slurm slurm;
    private final Map<String, String> env;
    private final Optional<String> job;
    private CoordinatorInfo coordinator;
    private Duration replyTimeout = Duration.ofSeconds(30);

    /**
     * @param env the command's environment ({@value #ENV_ON_NODE})
     * @param job the --job given, if any
     */
    public CoordinatorCall(CoordinatorLocator locator, Slurm slurm, Map<String, String> env, Optional<String> job) {
        this.locator = locator;
        this.slurm = slurm;
        this.env = env;
        this.job = job;
    }

    /**
     * Runs {@code body} (the command's work, which talks to the coordinator through {@link #call}) and
     * returns its exit code; when the coordinator of the --job cannot be reached from here, runs the whole
     * command line on the job's node instead and returns that run's exit code.
     *
     * @param crjobCommandLine this crjob command line, to run on the job's node (crjob as it was started, then its
     *                         arguments)
     * @param notice           told in one line that the command runs on the node, and why
     * @param relay            given what the run on the node printed
     */
    public int hereOrOnTheNode(IntSupplier body, List<String> crjobCommandLine, Consumer<String> notice,
                               Consumer<CommandResult> relay) {
        try {
            return body.getAsInt();
        } catch (CoordinatorUnreachableException e) {
            if (job.isEmpty() || coordinator == null || job.get().startsWith("local-")
                    || env.get(ENV_ON_NODE) != null) {
                throw e; // inside the job, for a job outside Slurm, or already on the node: nowhere else to go
            }
            return onTheNode(job.get(), e, crjobCommandLine, notice, relay);
        }
    }

    public JsonNode call(String command, ObjectNode args, Duration timeout) {
        replyTimeout = timeout;
        coordinator = locator.locate(job);
        try {
            return CoordinatorClient.of(coordinator).call(command,
                    args == null ? Messages.JSON.createObjectNode() : args, timeout);
        } catch (CoordinatorReplyException e) {
            throw asLocalError(e);
        }
    }

    public <T> T call(String command, ObjectNode args, Duration timeout, Class<T> reply) {
        return Messages.fromJson(call(command, args, timeout), reply);
    }

    private int onTheNode(String jobId, CoordinatorUnreachableException unreachable, List<String> crjobCommandLine,
                          Consumer<String> notice, Consumer<CommandResult> relay) {
        notice.accept("the coordinator of job " + jobId + " at " + coordinator.host() + ":"
                + coordinator.port() + " cannot be reached from here (" + why(unreachable) + "); running the"
                + " command on the job's node through srun --overlap --jobid=" + jobId);
        List<String> argv = new ArrayList<>(List.of("env", ENV_ON_NODE + "=1"));
        argv.addAll(crjobCommandLine);
        CommandResult result = slurm.runOnJobNode(jobId, argv, replyTimeout.plus(SRUN_OVERHEAD));
        relay.accept(result);
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
