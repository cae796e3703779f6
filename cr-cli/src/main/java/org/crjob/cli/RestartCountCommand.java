package org.crjob.cli;

import java.util.Map;
import org.crjob.slurm.JobEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "restart-count", mixinStandardHelpOptions = true,
        description = {
            "Print how many times the job has been requeued: 0 in its first run. Inside the job this is"
                + " $SLURM_RESTART_COUNT (no call to Slurm); with --job, Slurm's Restarts.",
            "",
            "  if [ \"$(crjob restart-count)\" = 0 ]; then ... first run ...; fi",
        })
final class RestartCountCommand extends BaseCommand {

    @Option(names = "--job", paramLabel = "JOBID", description = "Ask Slurm about this job instead.")
    String job;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        JobEnv env = context.jobEnv();
        String id = job != null ? job : env.requireJobId();
        int restarts = job != null ? slurm().showJob(id).restarts() : env.restartCount();
        if (json.enabled()) {
            json.print(Map.of("job", id, "restarts", restarts));
        } else {
            out().println(restarts);
        }
        return ExitCode.OK;
    }
}
