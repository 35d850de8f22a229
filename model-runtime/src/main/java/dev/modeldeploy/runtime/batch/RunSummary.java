package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.runtime.monitor.DriftReport;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one attempt of a batch run, as the ledger, notifications and exit codes report it.
 * Immutable.
 *
 * @param run        the run
 * @param status     how it ended
 * @param finishedAt when it ended
 * @param read       records read in this attempt (skipped committed chunks are not read)
 * @param written    predictions written
 * @param rejected   records rejected
 * @param retried    chunk reads and commits retried after a transient failure
 * @param chunks     chunks committed in this attempt
 * @param skipped    chunks skipped because an earlier attempt committed them
 * @param stages     time spent per stage, summed over threads
 * @param failure    why it failed, or null
 * @param drift      the attempt's output (and input) distribution against the model's training baseline, with its
 *                   drift figures; null unless the runner monitors drift and the model has a baseline
 */
public record RunSummary(RunInfo run, RunStatus status, Instant finishedAt, long read, long written, long rejected,
                         long retried, long chunks, long skipped, StageTimes stages, String failure, DriftReport drift) {

    /** A summary without drift figures. */
    public RunSummary(RunInfo run, RunStatus status, Instant finishedAt, long read, long written, long rejected,
                      long retried, long chunks, long skipped, StageTimes stages, String failure) {
        this(run, status, finishedAt, read, written, rejected, retried, chunks, skipped, stages, failure, null);
    }

    /**
     * This attempt's counts, failed now for {@code failure}: what was read and written stays as it was
     * (the sink could not record the outcome of an attempt whose chunks are committed).
     */
    RunSummary failedAfterwards(String failure) {
        return new RunSummary(run, RunStatus.FAILED, Instant.now(), read, written, rejected, retried, chunks, skipped, stages, failure, drift);
    }

    /** This summary with the attempt's drift report. */
    public RunSummary withDrift(DriftReport drift) {
        return new RunSummary(run, status, finishedAt, read, written, rejected, retried, chunks, skipped, stages, failure, drift);
    }

    /** The drift report, if drift was monitored. */
    public Optional<DriftReport> driftReport() {
        return Optional.ofNullable(drift);
    }

    /** Wall-clock duration of the attempt. */
    public Duration duration() {
        return Duration.between(run.startedAt(), finishedAt);
    }

    /** The failure message, if the attempt failed. */
    public Optional<String> failureMessage() {
        return Optional.ofNullable(failure);
    }

    /** One line for logs and notifications. */
    public String describe() {
        return "run " + run.key() + " with " + run.modelName() + "/" + run.modelVersion() + " " + status.name().toLowerCase(java.util.Locale.ROOT)
                + " after " + duration().toMillis() + " ms (attempt " + run.attempt() + "): read " + read + ", written " + written
                + ", rejected " + rejected + ", retried " + retried + ", chunks " + chunks + " (+" + skipped + " already committed)"
                + (drift == null ? "" : drift.drifted() ? ", drift in " + drift.alerts().stream().map(a -> a.feature())
                        .distinct().toList() : ", no drift")
                + (failure == null ? "" : ": " + failure);
    }

    /**
     * Time per stage, summed over worker threads.
     *
     * @param read       reading the source
     * @param preprocess turning records into features
     * @param predict    scoring
     * @param write      committing to the sink
     */
    public record StageTimes(Duration read, Duration preprocess, Duration predict, Duration write) {
    }
}
