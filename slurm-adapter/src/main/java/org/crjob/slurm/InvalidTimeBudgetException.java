package org.crjob.slurm;

import org.crjob.failure.InvalidValueException;

/** The job's Comment holds something that is not a time budget. */
public class InvalidTimeBudgetException extends InvalidValueException {
    public InvalidTimeBudgetException(String comment, InvalidSlurmTimeException cause) {
        super("the job's Comment is '" + comment + "', which is not a time budget: crjob keeps the job's remaining"
                + " time there, as a Slurm time (e.g. #SBATCH --comment=5-00:00:00); " + cause.getMessage()
                .replaceFirst("^invalid Slurm time '[^']*': ", ""), cause);
    }
}
