package dev.modeldeploy.cli;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options that describe one batch job, shared by {@code batch run} and {@code batch schedule}.
 * Shaped after the classic {@code run_batch_inference.py --remote_model_path}. Not thread-safe.
 */
final class JobOptions {
    @Option(names = "--remote-model-path", required = true, paramLabel = "URI",
            description = "The model: latest (file:/srv/models/lead-scoring), a version (.../7) or an alias (...@production).")
    URI model;

    @Option(names = "--source", required = true, paramLabel = "FILE|JDBC_URL",
            description = "Where records come from: a .csv or .jsonl file, or a JDBC URL (with --query).")
    String source;

    @Option(names = "--query", paramLabel = "SQL",
            description = "For a JDBC source: the query; :name placeholders are bound from --param values.")
    String query;

    @Option(names = "--id-column", defaultValue = "id", paramLabel = "NAME",
            description = "The column (or JSON field) that identifies a record. Default: ${DEFAULT-VALUE}.")
    String idColumn;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "A run parameter (repeatable), e.g. date=2026-11-20 or timezone=Europe/Berlin: part of the run key "
                    + "and bound into the query.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--sink", required = true, paramLabel = "FILE|JDBC_URL",
            description = "Where predictions go: a .csv or .jsonl file (written whole when the run succeeds), or a JDBC URL "
                    + "(with --table).")
    String sink;

    @Option(names = "--table", paramLabel = "NAME", description = "For a JDBC sink: the predictions table (created if absent).")
    String table;

    @Option(names = "--run-key", paramLabel = "JOB",
            description = "The job name; with the --param values it names the run, and rerunning the same run never writes "
                    + "a row twice. Default: the model's name.")
    String job;

    @Option(names = "--chunk-size", defaultValue = "1000", paramLabel = "N",
            description = "Records per chunk (one predictBatch call and one commit). Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--max-rejects", paramLabel = "N",
            description = "Fail (exit status 3) when more records than this are rejected. Default: no limit.")
    Long maxRejects;

    @Option(names = "--max-reject-share", paramLabel = "SHARE",
            description = "Fail (exit status 3) when more than this share of records (0..1) is rejected. Default: no limit.")
    Double maxRejectShare;

    @Option(names = "--retries", defaultValue = "2", paramLabel = "N",
            description = "Reruns of a failed run (each resumes after the committed chunks). Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--monitor-drift",
            description = "Measure the run's input and prediction distributions against the model's training baseline "
                    + "(published with --training-sample) and log alerts; a JDBC sink keeps the figures in its run ledger, "
                    + "for 'modeldeploy report'.")
    boolean monitorDrift;

    @Option(names = "--notify-webhook", paramLabel = "URL",
            description = "POST a JSON summary (Slack-compatible 'text') here when the run fails.")
    URI webhook;

    @Option(names = "--notify-on-success", description = "Also notify the webhook when the run succeeds.")
    boolean notifyOnSuccess;
}
