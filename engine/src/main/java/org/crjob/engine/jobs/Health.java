package org.crjob.engine.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** One word for how a job under crjob is doing, as {@code crjob jobs} shows it ({@link HealthRules}). */
public enum Health {
    /** Checkpoints come as planned and the budget covers another full run. */
    OK,
    /** A running job whose periodic or final checkpoint is overdue. */
    LATE,
    /** No checkpoint yet, none overdue. */
    NONE,
    /** What is left of the budget would not cover another run of the job's time limit. */
    BUDGET_LOW,
    /** The job's crjob files are not the user's own and private: crjob did not read them. */
    UNREADABLE;

    /** {@code ok}, {@code late}, {@code none}, {@code budget-low}, {@code unreadable}. */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
