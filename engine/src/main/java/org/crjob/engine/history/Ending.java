package org.crjob.engine.history;

/** How a run ended, as {@code run-end}'s {@code ending} says it. */
public enum Ending {
    FINISHED("finished"), REQUEUED("requeued"), FAILED("failed"), BUDGET_SPENT("budget-spent"), STOPPED("stopped"),
    ENGINE_FAILURE("engine-failure");

    private final String word;

    Ending(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
