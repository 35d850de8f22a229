/**
 * Monitoring reports a person looks at: one self-contained HTML page (no scripts, fonts or other files to
 * fetch; charts drawn as inline SVG) with training vs live histograms, drift figures over time and an
 * experiment's per-arm results. Build a {@link dev.modeldeploy.runtime.report.MonitoringReport} from a drift
 * monitor's reports, a batch ledger's rows or an A/B analysis, and render it.
 */
package dev.modeldeploy.runtime.report;
