package dev.modeldeploy.cli;

import dev.modeldeploy.runtime.batch.RunInfo;
import dev.modeldeploy.runtime.batch.RunListener;
import dev.modeldeploy.runtime.batch.RunProgress;
import dev.modeldeploy.runtime.batch.RunSummary;
import dev.modeldeploy.runtime.monitor.DriftResult;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.util.List;

/**
 * Shows a batch run's progress: a progress bar on a terminal, plain progress lines otherwise (logs of
 * cron jobs and containers). Thread-safe.
 */
final class ProgressReporter implements RunListener {
    private final boolean terminal;
    private final PrintWriter err;
    private ProgressBar bar;

    ProgressReporter(boolean terminal, PrintWriter err) {
        this.terminal = terminal;
        this.err = err;
    }

    @Override
    public synchronized void onStart(RunInfo run) {
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(run.key().toString()).setStyle(ProgressBarStyle.ASCII).setUnit(" records", 1)
                    .setInitialMax(-1).continuousUpdate().build();
        } else {
            err.println("run " + run.key() + ": started with " + run.modelName() + "/" + run.modelVersion() + " (attempt " + run.attempt() + ")");
            err.flush();
        }
    }

    @Override
    public synchronized void onProgress(RunProgress p) {
        if (bar != null) {
            bar.stepTo(p.written() + p.rejected());
            bar.setExtraMessage(p.rejected() > 0 ? p.rejected() + " rejected" : "");
        } else {
            long seconds = Math.max(1, p.elapsed().toSeconds());
            err.println("run " + p.run().key() + ": " + p.written() + " written, " + p.rejected() + " rejected, "
                    + p.chunks() + " chunks, " + (p.written() + p.rejected()) / seconds + " records/s");
            err.flush();
        }
    }

    @Override
    public synchronized void onFinish(RunSummary summary) {
        if (bar != null) {
            bar.stepTo(summary.written() + summary.rejected());
            bar.close();
            bar = null;
        }
        err.println(summary.describe());
        summary.driftReport().ifPresent(drift -> {
            List<String> drifted = drift.results().stream().filter(DriftResult::drifted).map(DriftResult::signal).distinct().toList();
            err.println("drift: " + drift.signals().size() + " signals measured against the training baseline; "
                    + (drifted.isEmpty() ? "none drifted" : "drifted: " + String.join(", ", drifted)));
        });
        err.flush();
    }
}
