package org.crjob.engine.store;

import java.nio.file.Path;

/**
 * A {@code gen-NNNNNN} directory that does not count as a generation, and why (no manifest, or one
 * that cannot be read). Restart never uses it; {@code crjob checkpoints list} shows it so a user can
 * look and remove it.
 */
public record IncompleteGeneration(int number, Path dir, String reason) {
}
