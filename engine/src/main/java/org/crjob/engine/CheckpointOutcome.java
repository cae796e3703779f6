package org.crjob.engine;

import java.time.Instant;

/** A committed checkpoint, as the coordinator reports it. */
public record CheckpointOutcome(int generation, long bytes, double seconds, Instant time, String reason) { }
