package dev.modeldeploy.runtime.batch;

import java.time.Duration;

/**
 * A snapshot of a running attempt, for progress bars and progress lines. Immutable.
 *
 * @param run      the run
 * @param read     records read so far
 * @param written  predictions written so far
 * @param rejected records rejected so far
 * @param chunks   chunks committed so far
 * @param elapsed  time since the attempt started
 */
public record RunProgress(RunInfo run, long read, long written, long rejected, long chunks, Duration elapsed) {
}
