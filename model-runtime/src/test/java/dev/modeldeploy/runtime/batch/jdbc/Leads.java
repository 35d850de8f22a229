package dev.modeldeploy.runtime.batch.jdbc;

import dev.modeldeploy.api.repository.ModelRepository;
import dev.modeldeploy.api.repository.PublishOptions;
import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.runtime.batch.BatchJob;
import dev.modeldeploy.runtime.batch.RunKey;
import dev.modeldeploy.runtime.batch.Sink;
import dev.modeldeploy.runtime.batch.Source;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/** The lead-scoring fixture: a leads table, the test model that scores it, and the expected scores. */
final class Leads {
    static final String DAY = "2026-11-20";
    static final RunKey KEY = RunKey.of("lead-scoring", Map.of("date", DAY));
    static final String QUERY = "SELECT id, visits, emails FROM leads WHERE created_on = :date";

    private Leads() {
    }

    /** score = 1 + 0.5 visits + 2 emails. */
    static WeightedSumModel model() {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 0.5f);
        weights.put("emails", 2f);
        return WeightedSumModel.of("lead-scoring", weights, 1f);
    }

    static URI publish(ModelRepository repo, URI uri) {
        return repo.publish(model(), uri, PublishOptions.defaults());
    }

    static int visits(long id) {
        return (int) (id % 17);
    }

    static int emails(long id) {
        return (int) (id % 5);
    }

    static double expected(long id) {
        return 1 + 0.5 * visits(id) + 2 * emails(id);
    }

    /** Creates the leads table. */
    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE leads (id BIGINT PRIMARY KEY, created_on VARCHAR(10) NOT NULL, visits INTEGER, emails INTEGER)");
        }
        commit(c);
    }

    /**
     * Inserts leads {@code first .. first + count - 1} for {@code day}; every {@code badEvery}-th has no
     * visits (0: none), which the model rejects.
     */
    static void insert(Connection c, String day, long first, int count, int badEvery) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO leads (id, created_on, visits, emails) VALUES (?, ?, ?, ?)")) {
            for (long id = first; id < first + count; id++) {
                ps.setLong(1, id);
                ps.setString(2, day);
                if (badEvery > 0 && id % badEvery == 0) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, visits(id));
                }
                ps.setInt(4, emails(id));
                ps.addBatch();
                if ((id - first) % 5_000 == 4_999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE"); // Fresh statistics, as a live database has: keyset pages then use the id index.
        }
        c.setAutoCommit(auto);
    }

    static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** The source of a run key's leads. */
    static JdbcSource source(JdbcDatabase db, RunKey key) {
        return JdbcSource.builder(db).query(QUERY).idColumn("id").params(key.params()).build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static BatchJob<Map<String, Object>, Double> job(RunKey key, URI model, Source<Map<String, Object>> source, Sink<Double> sink) {
        // The model takes Map<String, Object>; a class literal can only say Map.
        Class<Map<String, Object>> records = (Class) Map.class;
        return BatchJob.builder(records, Double.class).runKey(key).model(model).source(source).sink(sink).build();
    }
}
