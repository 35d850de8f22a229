package dev.modeldeploy.spark;

import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.InputField;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.pipeline.UnknownPolicy;
import dev.modeldeploy.api.prediction.Classification;
import dev.modeldeploy.api.schema.FieldType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The lead-scoring model of the tests (a logistic regression in the built-in linear format) and its rows. */
final class Leads {
    static final List<String> COUNTRIES = List.of("DE", "FR", "NL", "US", "IN");

    /** lead_id, visits, emails_opened, country, created_at: what a CRM table holds. */
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("lead_id", DataTypes.LongType, false),
            DataTypes.createStructField("visits", DataTypes.IntegerType, true),
            DataTypes.createStructField("emails_opened", DataTypes.IntegerType, true),
            DataTypes.createStructField("country", DataTypes.StringType, true),
            DataTypes.createStructField("created_at", DataTypes.TimestampType, true)));

    private Leads() {
    }

    static FeatureSpec spec() {
        return FeatureSpec.builder()
                .input(InputField.required("visits", FieldType.DOUBLE))
                .feature("visits", Transform.log1p(), Transform.standardize(2.1, 0.9))
                .numeric("emails_opened", Transform.standardize(3, 2))
                .input(InputField.required("country", FieldType.STRING))
                .feature("country", Transform.oneHot(UnknownPolicy.OTHER, COUNTRIES.toArray(String[]::new)))
                .input(InputField.required("created_at", FieldType.TIMESTAMP))
                .feature("created_at", Transform.hourOfDay("UTC"), Transform.standardize(11.5, 6.9))
                .build();
    }

    /** A logistic regression with seeded random weights ("lost", "won"). */
    static LinearModel<Map<String, Object>, Classification> model(String name, long seed) {
        FeatureSpec spec = spec();
        int width = spec.featureNames().size();
        Random r = new Random(seed);
        double[] w = new double[width];
        for (int i = 0; i < width; i++) {
            w[i] = r.nextGaussian();
        }
        return LinearModel.logisticRegression(name, spec).labels("lost", "won").coefficients(new double[][] {w})
                .intercepts(r.nextGaussian() * 0.5).build();
    }

    /**
     * Seeded rows; with {@code badEvery > 0}, every such row misses a required value (alternately
     * {@code visits} and {@code country}), which the model rejects.
     */
    static List<Row> rows(int n, long firstId, long seed, int badEvery) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        Instant day = Instant.parse("2026-11-20T00:00:00Z");
        for (int i = 0; i < n; i++) {
            Integer visits = r.nextInt(40);
            Integer emails = r.nextInt(8);
            String country = r.nextInt(20) == 0 ? "BR" : COUNTRIES.get(r.nextInt(COUNTRIES.size()));
            Timestamp created = Timestamp.from(day.plusSeconds(r.nextInt(86_400)));
            if (badEvery > 0 && i % badEvery == badEvery - 1) {
                if ((i / badEvery) % 2 == 0) {
                    visits = null;
                } else {
                    country = null;
                }
            }
            rows.add(RowFactory.create(firstId + i, visits, emails, country, created));
        }
        return rows;
    }

    /** The raw record the batch runner reads for a row: the same values by column name. */
    static Map<String, Object> record(Row row) {
        Map<String, Object> m = new HashMap<>();
        String[] names = SCHEMA.fieldNames();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], row.get(i));
        }
        return m;
    }
}
