/**
 * The batch runner: {@link dev.modeldeploy.runtime.batch.BatchRunner} scores a
 * {@link dev.modeldeploy.runtime.batch.Source} into a {@link dev.modeldeploy.runtime.batch.Sink} in
 * chunks, with retries, rejects, a reject budget, and a run ledger that makes reruns resume without
 * duplicating rows.
 */
package dev.modeldeploy.runtime.batch;
