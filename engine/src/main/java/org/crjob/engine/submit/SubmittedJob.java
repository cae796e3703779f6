package org.crjob.engine.submit;

import java.util.Optional;

/**
 * One job crjob submitted.
 *
 * @param role       {@code job} (a single variable-time job), {@code start} or {@code restart} (a chain's)
 * @param index      0 for the single job and a chain's start job, 1.. for its restart jobs
 * @param dependency the {@code --dependency} it was submitted with, e.g. {@code afterany:1234}
 */
public record SubmittedJob(String id, String role, int index, Optional<String> dependency) {
}
