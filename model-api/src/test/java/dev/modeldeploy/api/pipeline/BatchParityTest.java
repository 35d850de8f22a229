package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.schema.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.modeldeploy.api.pipeline.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;

/** The batch path must make exactly the features of the single-record path, record by record. */
class BatchParityTest {
    static final FeatureSpec SPEC = FeatureSpec.builder()
            .input(InputField.nullable("amount", FieldType.DOUBLE).withNaNAllowed())
            .input(InputField.required("visits", FieldType.LONG))
            .input(InputField.nullable("premium", FieldType.BOOLEAN))
            .input(InputField.nullable("country", FieldType.STRING))
            .input(InputField.required("plan", FieldType.STRING))
            .input(InputField.nullable("signedUpAt", FieldType.TIMESTAMP))
            .feature("amount", Transform.imputeMean(40), Transform.clip(0, 500), Transform.log1p(), Transform.standardize(3, 1.5))
            .feature(Feature.named("amountRaw", "amount"))
            .feature("visits", Transform.minMax(0, 100))
            .feature("premium", Transform.imputeConstant(0.5))
            .feature("country", Transform.oneHot(UnknownPolicy.OTHER, "DE", "FR", "IT", "ES"))
            .feature(Feature.named("countryCode", "country", Transform.ordinal(UnknownPolicy.IGNORE, "DE", "FR"), Transform.imputeConstant(-1)))
            .feature("plan", Transform.oneHot(UnknownPolicy.IGNORE, "free", "pro"))
            .feature(Feature.named("hour", "signedUpAt", Transform.hourOfDay("Europe/Berlin"), Transform.imputeConstant(12)))
            .feature(Feature.named("day", "signedUpAt", Transform.dayOfWeek("America/New_York")))
            .build();

    private record Lead(Double amount, long visits, Boolean premium, String country, String plan, Instant signedUpAt) {
    }

    private static List<Lead> randomLeads(int n, long seed) {
        Random r = new Random(seed);
        String[] countries = {"DE", "FR", "IT", "ES", "NL", "PL", null};
        String[] plans = {"free", "pro", "enterprise"};
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Double amount = switch (r.nextInt(5)) {
                case 0 -> null;
                case 1 -> Double.NaN;
                default -> r.nextDouble() * 800 - 50;
            };
            Boolean premium = r.nextInt(4) == 0 ? null : r.nextBoolean();
            Instant at = r.nextInt(6) == 0 ? null : Instant.ofEpochSecond(1_600_000_000L + (long) (r.nextDouble() * 200_000_000L));
            leads.add(new Lead(amount, r.nextInt(150), premium, countries[r.nextInt(countries.length)], plans[r.nextInt(plans.length)], at));
        }
        return leads;
    }

    private static Map<String, Object> asMap(Lead l, Random r) {
        // The same instant in one of its accepted forms.
        Object at = l.signedUpAt() == null ? null : switch (r.nextInt(3)) {
            case 0 -> l.signedUpAt();
            case 1 -> l.signedUpAt().toEpochMilli();
            default -> l.signedUpAt().toString();
        };
        return rec("amount", l.amount(), "visits", l.visits(), "premium", l.premium(), "country", l.country(), "plan", l.plan(),
                "signedUpAt", at);
    }

    @ParameterizedTest(name = "direct batch: {0}")
    @ValueSource(booleans = {false, true})
    void batchEqualsSingleForManyRandomRecords(boolean direct) {
        FeaturePipeline pipeline = SPEC.compile();
        Preprocessor<Map<String, Object>> maps = pipeline.forMaps();
        Random forms = new Random(1);
        List<Map<String, Object>> records = randomLeads(5_000, 7).stream().map(l -> asMap(l, forms)).toList();

        // A small batch that must grow, filled in chunks as a batch job would.
        DenseBatch batch = direct ? DenseBatch.direct(pipeline.width(), 3) : new DenseBatch(pipeline.width(), 3);
        for (int from = 0; from < records.size(); from += 700) {
            maps.writeAll(records.subList(from, Math.min(records.size(), from + 700)), batch);
        }
        assertThat(batch.size()).isEqualTo(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(batch.row(i)).as("record %d: %s", i, records.get(i)).containsExactly(maps.apply(records.get(i)));
        }
    }

    @Test
    void aReusedBatchForgetsItsOldRows() {
        Preprocessor<Map<String, Object>> maps = SPEC.compile().forMaps();
        Random forms = new Random(2);
        List<Map<String, Object>> first = randomLeads(300, 11).stream().map(l -> asMap(l, forms)).toList();
        List<Map<String, Object>> second = randomLeads(200, 12).stream().map(l -> asMap(l, forms)).toList();
        DenseBatch batch = new DenseBatch(maps.width(), 300);
        maps.writeAll(first, batch);
        batch.clear();
        maps.writeAll(second, batch);
        assertThat(batch.size()).isEqualTo(200);
        for (int i = 0; i < second.size(); i++) {
            assertThat(batch.row(i)).containsExactly(maps.apply(second.get(i)));
        }
    }

    @Test
    void recordsAndMapsOfTheSameDataMakeTheSameFeatures() {
        FeaturePipeline pipeline = SPEC.compile();
        Preprocessor<Lead> records = pipeline.forClass(Lead.class);
        Preprocessor<Map<String, Object>> maps = pipeline.forMaps();
        Random forms = new Random(3);
        List<Lead> leads = randomLeads(2_000, 13);
        DenseBatch fromRecords = new DenseBatch(pipeline.width(), 16);
        records.writeAll(leads, fromRecords);
        for (int i = 0; i < leads.size(); i++) {
            float[] expected = maps.apply(asMap(leads.get(i), forms));
            assertThat(records.apply(leads.get(i))).containsExactly(expected);
            assertThat(fromRecords.row(i)).containsExactly(expected);
        }
    }
}
