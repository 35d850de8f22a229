/**
 * A/B analysis: per-arm outcomes of an experiment (from a JDBC query, from the rollout's JSON Lines
 * assignment log joined with an outcomes file, or added in code) turned into per-arm estimates with
 * confidence intervals, the test that fits the metric (pooled two-proportion z-test for conversions,
 * Welch's t-test for means) against the control arm, and a plain verdict.
 *
 * <p>Entry point: {@link dev.modeldeploy.runtime.experiment.ExperimentAnalysis}. Results are immutable
 * records ({@link dev.modeldeploy.runtime.experiment.ExperimentResult}) so reports can render them.
 */
package dev.modeldeploy.runtime.experiment;
