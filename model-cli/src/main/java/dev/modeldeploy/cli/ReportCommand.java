package dev.modeldeploy.cli;

import dev.modeldeploy.runtime.batch.jdbc.DriftLedger;
import dev.modeldeploy.runtime.batch.jdbc.JdbcBatchException;
import dev.modeldeploy.runtime.batch.jdbc.JdbcDatabase;
import dev.modeldeploy.runtime.experiment.AssignmentJoin;
import dev.modeldeploy.runtime.experiment.ExperimentAnalysis;
import dev.modeldeploy.runtime.experiment.ExperimentResult;
import dev.modeldeploy.runtime.experiment.MetricKind;
import dev.modeldeploy.runtime.report.MonitoringReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code modeldeploy report}: one self-contained HTML monitoring report, with a drift section read from a batch
 * job's run ledger and/or an experiment section joined from an assignment log and an outcomes file.
 */
@Command(name = "report",
        description = {"Render a self-contained HTML monitoring report and print the path written.",
                "Drift: the last runs of a batch job run with 'batch run --monitor-drift' into a JDBC sink, read from its run "
                        + "ledger (PSI and KS/chi-squared p-values over time, training vs latest run histograms).",
                "Experiment: an A/B test's arms, from the rollout's JSON Lines assignment log joined with an outcomes file "
                        + "(columns or fields 'unit' and 'value'; CSV with a header when the name ends in .csv, JSON Lines "
                        + "otherwise). Give either section, or both."},
        footer = {"", "Exit status: 0 success, 1 failure, 2 bad arguments.",
                "Examples:",
                "  modeldeploy report --out drift.html --jdbc-url jdbc:sqlite:crm.db --job lead-scoring --runs 30",
                "  modeldeploy report --out ab.html --assignments assignments.jsonl --outcomes orders.csv \\",
                "      --experiment eta-v3 --control v2 --metric mean"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "The report file (replaced if it exists).")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "The report's title. Default: from the job or experiment.")
    String title;

    @ArgGroup(exclusive = false, heading = "%nDrift, from a batch job's run ledger:%n")
    Drift drift;

    @ArgGroup(exclusive = false, heading = "%nExperiment, from an assignment log and outcomes:%n")
    Experiment experiment;

    /** The drift section's options. */
    static final class Drift {
        @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
                description = "The database the job's JDBC sink writes (credentials as its driver takes them in the URL).")
        String jdbcUrl;

        @Option(names = "--job", required = true, paramLabel = "NAME", description = "The job (the run key's name, --run-key of batch run).")
        String job;

        @Option(names = "--sink-table", paramLabel = "NAME", description = "Only the job's runs into this predictions table.")
        String sinkTable;

        @Option(names = "--runs", defaultValue = "30", paramLabel = "N", description = "How many of the latest runs. Default: ${DEFAULT-VALUE}.")
        int runs;

        @Option(names = "--ledger-table", paramLabel = "NAME",
                description = "The run ledger's runs table, if not modeldeploy_runs (its drift table is then NAME_drift).")
        String ledgerTable;
    }

    /** The experiment section's options. */
    static final class Experiment {
        @Option(names = "--assignments", required = true, paramLabel = "LOG.jsonl", description = "The rollout's JSON Lines assignment log.")
        Path assignments;

        @Option(names = "--outcomes", required = true, paramLabel = "FILE", description = "Outcomes per unit: .csv with a header, or JSON Lines.")
        Path outcomes;

        @Option(names = "--experiment", required = true, paramLabel = "NAME", description = "The experiment (the log's 'experiment' field).")
        String name;

        @Option(names = "--control", defaultValue = "control", paramLabel = "ARM", description = "The control arm. Default: ${DEFAULT-VALUE}.")
        String control;

        @Option(names = "--metric", defaultValue = "conversion", paramLabel = "conversion|mean",
                description = "Conversions (0/1, true/false) or means of the outcome values. Default: ${DEFAULT-VALUE}.")
        MetricKind metric;

        @Option(names = "--level", defaultValue = "0.95", paramLabel = "LEVEL",
                description = "Confidence level of the intervals, in (0, 1). Default: ${DEFAULT-VALUE}.")
        double level;

        @Option(names = "--missing-outcome", paramLabel = "VALUE",
                description = "The outcome of assigned units absent from the outcomes file (0 for conversions). Default: they are left out.")
        Double missingOutcome;
    }

    @Override
    public Integer call() throws IOException {
        MonitoringReport report = report();
        Path file = out.toAbsolutePath();
        report.writeTo(file);
        spec.commandLine().getOut().println(file);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The report the options describe, read from the ledger and the files. */
    MonitoringReport report() throws IOException {
        validate();
        DriftLedger.JobDrift figures = drift == null ? null : readDrift();
        ExperimentResult result = experiment == null ? null : analyseExperiment();
        MonitoringReport.Builder report = MonitoringReport.builder(title != null ? title : defaultTitle(figures));
        if (figures != null) {
            figures.addTo(report);
        }
        if (result != null) {
            report.experiment(experiment.name, result);
        }
        return report.build();
    }

    private void validate() {
        if (drift == null && experiment == null) {
            throw bad("nothing to report: give --jdbc-url and --job for a drift section, and/or --assignments, --outcomes and "
                    + "--experiment for an experiment section");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw bad("--out: no such folder: " + folder);
        }
        if (drift != null) {
            if (drift.runs < 1) {
                throw bad("--runs must be at least 1, was " + drift.runs);
            }
            if (!drift.jdbcUrl.startsWith("jdbc:")) {
                // Not echoed: it may hold a password.
                throw bad("--jdbc-url: not a JDBC URL (jdbc:...)");
            }
            try {
                ledger(); // Checks the table names.
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }
        if (experiment != null) {
            if (!(experiment.level > 0 && experiment.level < 1)) {
                throw bad("--level must be between 0 and 1 (exclusive), was " + experiment.level);
            }
            for (Path p : new Path[]{experiment.assignments, experiment.outcomes}) {
                if (!Files.isRegularFile(p)) {
                    throw bad((p == experiment.assignments ? "--assignments" : "--outcomes") + ": no such file: " + p);
                }
            }
        }
    }

    private DriftLedger ledger() {
        DriftLedger ledger = DriftLedger.of(JdbcDatabase.url(drift.jdbcUrl));
        return drift.ledgerTable == null ? ledger : ledger.withRunsTable(drift.ledgerTable);
    }

    private DriftLedger.JobDrift readDrift() {
        JdbcDatabase db = JdbcDatabase.url(drift.jdbcUrl);
        DriftLedger.JobDrift figures;
        try {
            figures = ledger().read(drift.job, drift.sinkTable, drift.runs);
        } catch (SQLException e) {
            throw new JdbcBatchException("cannot read the run ledger in " + db + ": " + e.getMessage(), e);
        }
        if (figures.isEmpty()) {
            throw new JdbcBatchException("no monitored runs of job " + drift.job + (drift.sinkTable == null ? "" : " into " + drift.sinkTable)
                    + " in the run ledger of " + db + " (run the job with 'batch run --monitor-drift' and a model published with "
                    + "--training-sample)");
        }
        return figures;
    }

    private ExperimentResult analyseExperiment() throws IOException {
        ExperimentAnalysis analysis = ExperimentAnalysis.builder(experiment.metric, experiment.control).level(experiment.level).build();
        AssignmentJoin.Builder join = AssignmentJoin.builder(experiment.assignments, experiment.outcomes).experiment(experiment.name);
        if (experiment.missingOutcome != null) {
            join.missingOutcome(experiment.missingOutcome);
        }
        AssignmentJoin.JoinCounts counts = join.build().into(analysis);
        spec.commandLine().getErr().println("experiment " + experiment.name + ": " + counts.assignedUnits() + " units assigned, "
                + counts.added() + " outcomes joined, " + counts.withoutOutcome() + " units without an outcome, "
                + counts.unassignedOutcomes() + " outcomes of unassigned units ignored, " + counts.switchedUnits()
                + " units seen in two arms (counted in their first)");
        return analysis.result();
    }

    // The model and version go in the title, so that every rendering of the page names them.
    private String defaultTitle(DriftLedger.JobDrift figures) {
        String experimentPart = experiment == null ? null : "experiment " + experiment.name;
        if (figures == null) {
            return "Monitoring report: " + experimentPart;
        }
        return "Monitoring report: job " + drift.job + ", model " + figures.model() + " version " + figures.version()
                + (experimentPart == null ? "" : "; " + experimentPart);
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
