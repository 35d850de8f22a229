package dev.modeldeploy.examples.leadscoring;

import dev.modeldeploy.runtime.batch.RunStatus;
import dev.modeldeploy.runtime.batch.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's main job: end to end on SQLite and a local store, and idempotent when rerun. */
class LeadScoringJobTest {
    @TempDir
    Path tmp;

    private static List<String> scores(String db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT lead_id, label, won_probability, model_version, run_key FROM lead_scores ORDER BY lead_id")) {
            while (r.next()) {
                rows.add(r.getLong(1) + "," + r.getString(2) + "," + r.getDouble(3) + "," + r.getInt(4) + "," + r.getString(5));
            }
        }
        return rows;
    }

    @Test
    void scoresADayOfLeadsAndARerunChangesNothing() throws Exception {
        LeadScoringJob.Options options = LeadScoringJob.Options.parse(new String[] {"--dir", tmp.toString(), "--date", "2026-11-20",
            "--leads", "3000"});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary first = LeadScoringJob.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.written()).isEqualTo(3_000);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("trained on 20000 past leads").contains("top leads of 2026-11-20").contains("p(won) =");
        List<String> rows = scores(options.db());
        assertThat(rows).hasSize(3_000);
        assertThat(rows).allSatisfy(r -> assertThat(r).endsWith(",1,lead-scoring[date=2026-11-20]"));

        RunSummary again = LeadScoringJob.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(scores(options.db())).isEqualTo(rows);

        // The learned model ranks leads: the likelier half really does convert more often (same "true" behaviour).
        LeadScoringJob.run(LeadScoringJob.Options.parse(new String[] {"--dir", tmp.toString(), "--date",
            LocalDate.of(2026, 11, 21).toString(), "--leads", "1000"}), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(scores(options.db())).hasSize(4_000);
    }
}
