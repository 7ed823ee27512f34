package io.anomalypipe.common.observability;

/** Which job run a metrics row belongs to: the columns every metrics table starts with. */
public record RunIdentity(String job, String layer, String runId) {}
