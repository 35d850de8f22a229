/**
 * Model monitoring: the training {@link dev.modeldeploy.runtime.monitor.Baseline} stored in a bundle
 * (computed at publish time by {@link dev.modeldeploy.runtime.monitor.HistogramBaselineComputer}), and
 * the drift monitor that compares windows of live inputs and predictions with it.
 */
package dev.modeldeploy.runtime.monitor;
