package dev.modeldeploy.testkit;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.ModelInfo;
import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.schema.Field;
import dev.modeldeploy.api.schema.FieldType;
import dev.modeldeploy.api.schema.Schema;
import dev.modeldeploy.testkit.models.ScoredModel;
import dev.modeldeploy.testkit.models.SumFormat;
import dev.modeldeploy.testkit.models.SumModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Exchanger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.modeldeploy.testkit.models.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Models broken one way each: the kit must fail the right check, naming the sample (index and
 * record) and what differed.
 */
class BrokenModelsTest {
    private static final List<String> FIELDS = List.of("visits", "emails");
    private static final List<Map<String, Object>> SAMPLES = List.of(
            record("visits", 1, "emails", 2), record("visits", 3, "emails", 4), record("visits", 0.25, "emails", -7));

    @TempDir
    Path tmp;

    private static ModelTestKit.Builder<Map<String, Object>, Double> kit(SumModel model) {
        return ModelTestKit.forModel(model).samples(SAMPLES);
    }

    // ---- batch parity ----

    /** Forgets the bias in its batch path. */
    static final class ForgetsBiasInBatch extends SumModel {
        ForgetsBiasInBatch() {
            super("test-sum", FIELDS, 0.5);
        }

        ForgetsBiasInBatch(ModelInfo info) {
            super(info, FIELDS, 0.5);
        }

        @Override
        public List<Double> predictBatch(FeatureBatch<float[]> batch) {
            List<Double> out = new ArrayList<>();
            for (int r = 0; r < batch.size(); r++) {
                double s = 0;
                for (float f : batch.row(r)) {
                    s += f;
                }
                out.add(s);
            }
            return out;
        }
    }

    @Test
    void batchPathThatDiffersFailsNamingEverySampleAndTheValues() {
        assertThatThrownBy(() -> kit(new ForgetsBiasInBatch()).build().assertCheck(Check.BATCH_PARITY))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[" + Check.BATCH_PARITY.displayName() + "] model sum/0 (test-sum)")
                .hasMessageContaining("sample 0 {visits=1, emails=2}: the batch path (newBatch + preprocess(list, batch) + predictBatch)"
                        + " differs from predict(preprocess(x)) at output: expected 3.5 but was 3.0 (difference 0.5)")
                .hasMessageContaining("sample 1 {visits=3, emails=4}: the batch path")
                .hasMessageContaining("sample 2 {visits=0.25, emails=-7}: the batch path")
                .hasMessageContaining("sample 1 {visits=3, emails=4}: predictRecords(list) differs from predict(preprocess(x))"
                        + " at output: expected 7.5 but was 7.0");
    }

    /** Scores every row of a batch with the first row's features: the classic forgotten offset. */
    static final class FirstRowOnly extends SumModel {
        FirstRowOnly() {
            super("test-sum", FIELDS, 0);
        }

        @Override
        public List<Double> predictBatch(FeatureBatch<float[]> batch) {
            List<Double> out = new ArrayList<>();
            for (int r = 0; r < batch.size(); r++) {
                out.add(predict(batch.row(0)));
            }
            return out;
        }
    }

    @Test
    void onlyTheSamplesThatDifferAreListed() {
        assertThatThrownBy(() -> kit(new FirstRowOnly()).build().assertCheck(Check.BATCH_PARITY))
                .hasMessageContaining("sample 1 {visits=3, emails=4}: the batch path (newBatch + preprocess(list, batch) + predictBatch)"
                        + " differs from predict(preprocess(x)) at output: expected 7.0 but was 3.0")
                .hasMessageContaining("sample 2 {visits=0.25, emails=-7}: the batch path")
                .hasMessageNotContaining("sample 0 {visits=1, emails=2}: the batch path")
                // The reused batch is refilled in reverse order, so there sample 2 comes first and is right.
                .hasMessageContaining("sample 0 {visits=1, emails=2}: a reused batch")
                .hasMessageNotContaining("sample 2 {visits=0.25, emails=-7}: a reused batch");
    }

    /** Drops the last row of a batch. */
    static final class DropsLastRow extends SumModel {
        DropsLastRow() {
            super("test-sum", FIELDS, 0);
        }

        @Override
        public List<Double> predictBatch(FeatureBatch<float[]> batch) {
            List<Double> all = super.predictBatch(batch);
            return all.subList(0, all.size() - 1);
        }
    }

    @Test
    void aBatchWithTheWrongNumberOfPredictionsFails() {
        assertThatThrownBy(() -> kit(new DropsLastRow()).build().assertCheck(Check.BATCH_PARITY))
                .hasMessageContaining("the batch path (newBatch + preprocess(list, batch) + predictBatch) returned 2 predictions for 3 samples");
    }

    /** Sums a batch in float32 while the single path sums in float64: tiny differences. */
    static final class FloatBatch extends SumModel {
        FloatBatch() {
            super("test-sum", FIELDS, 0.5);
        }

        @Override
        public List<Double> predictBatch(FeatureBatch<float[]> batch) {
            DenseBatch dense = (DenseBatch) batch;
            List<Double> out = new ArrayList<>();
            for (int r = 0; r < dense.size(); r++) {
                float s = (float) bias;
                for (int c = 0; c < dense.columns(); c++) {
                    s += dense.data()[r * dense.columns() + c];
                }
                out.add((double) s);
            }
            return out;
        }
    }

    @Test
    void toleranceDecidesWhetherSmallDifferencesCount() {
        List<Map<String, Object>> tenths = List.of(record("visits", 0.1, "emails", 0.2), record("visits", 1.3, "emails", 2.7));
        FloatBatch model = new FloatBatch();
        assertThatThrownBy(() -> ModelTestKit.forModel(model).samples(tenths).tolerance(Tolerance.exact()).build()
                .assertCheck(Check.BATCH_PARITY))
                .hasMessageContaining("(tolerance: exact)")
                .hasMessageContaining("sample 0 {visits=0.1, emails=0.2}: the batch path");
        assertThatCode(() -> ModelTestKit.forModel(model).samples(tenths).build().assertCheck(Check.BATCH_PARITY))
                .doesNotThrowAnyException();
        assertThatCode(() -> ModelTestKit.forModel(model).samples(tenths).tolerance(Tolerance.relative(1e-7)).build()
                .assertCheck(Check.BATCH_PARITY))
                .doesNotThrowAnyException();
    }

    // ---- thread safety ----

    /** Copies features into one shared scratch array, then sums it: correct alone, wrong under concurrency. */
    static final class SharedScratch extends SumModel {
        private final float[] scratch = new float[FIELDS.size()];
        /**
         * Where two concurrent calls meet between copying and reading, so that they surely overlap: both read
         * what the later of them copied, and the other one's answer is wrong whenever their inputs differ (the
         * kit's threads start at different samples). A call that finds no partner in time goes on alone (as
         * every sequential call does): the race is forced, never invented.
         */
        private final Exchanger<Object> overlap = new Exchanger<>();

        SharedScratch() {
            super("test-sum", FIELDS, 0);
        }

        @Override
        public Double predict(float[] features) {
            System.arraycopy(features, 0, scratch, 0, scratch.length);
            try {
                overlap.exchange(null, 20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException alone) {
                // no concurrent call: read back what this one copied
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double s = bias;
            for (float f : scratch) {
                s += f;
            }
            return s;
        }
    }

    @Test
    void aModelThatIsNotThreadSafeFailsTheConcurrencyCheckOnly() {
        SharedScratch model = new SharedScratch();
        ModelTestKit<Map<String, Object>, Double> kit = kit(model).concurrency(4, 64).build();
        assertThatCode(() -> kit.assertCheck(Check.BATCH_PARITY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> kit.assertCheck(Check.THREAD_SAFETY))
                .hasMessageStartingWith("[" + Check.THREAD_SAFETY.displayName() + "] model sum/0 (test-sum) (4 threads x 64 calls")
                .hasMessageContaining(" of 4 (call ")
                .hasMessageContaining("differs from the sequential answer at output: expected ")
                .hasMessageMatching("(?s).*sample [012] \\{visits=.*")
                .hasMessageContaining(" of 256 concurrent calls gave a different answer or threw");
    }

    // ---- input validation ----

    /** Casts raw values blindly: a string where a number belongs throws ClassCastException. */
    static final class CastsBlindly extends SumModel {
        CastsBlindly() {
            super("test-sum", FIELDS, 0);
        }

        @Override
        public float[] preprocess(Map<String, Object> record) {
            float[] out = new float[fields.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ((Number) record.get(fields.get(i))).floatValue();
            }
            return out;
        }
    }

    @Test
    void theWrongExceptionTypeOnBadInputFails() {
        assertThatThrownBy(() -> kit(new CastsBlindly()).invalidSample(record("visits", "many", "emails", 1), "visits")
                .build().assertCheck(Check.INPUT_VALIDATION))
                .hasMessageContaining("invalid sample 0 {visits=many, emails=1} (expected a SchemaViolationException naming field 'visits'):"
                        + " predict(preprocess(x)) threw java.lang.ClassCastException")
                .hasMessageContaining("instead of a SchemaViolationException")
                .hasMessageContaining("the batch path (newBatch + preprocess(list, batch) + predictBatch) with it at index 3 threw java.lang.ClassCastException")
                .hasCauseInstanceOf(ClassCastException.class);
    }

    @Test
    void acceptingAnInvalidRecordFails() {
        SumModel lenient = new SumModel("test-sum", FIELDS, 0);
        // "clicks" is not a field of this model, so it validates nothing about it.
        assertThatThrownBy(() -> kit(lenient).invalidSample(record("visits", 1, "emails", 2, "clicks", "x"), "clicks")
                .build().assertCheck(Check.INPUT_VALIDATION))
                .hasMessageContaining("invalid sample 0 {visits=1, emails=2, clicks=x} (expected a SchemaViolationException naming field 'clicks'):"
                        + " predict(preprocess(x)) returned 3.0 instead of throwing")
                .hasMessageContaining("with it at index 3 returned [3.0, 7.0, -6.75, 3.0] instead of throwing");
    }

    /** Reports every violation against a field called "record". */
    static final class NamesTheWrongField extends SumModel {
        NamesTheWrongField() {
            super("test-sum", FIELDS, 0);
        }

        @Override
        public float[] preprocess(Map<String, Object> record) {
            try {
                return super.preprocess(record);
            } catch (SchemaViolationException e) {
                throw new SchemaViolationException(e.recordIndex(), "record", record, "numbers");
            }
        }
    }

    @Test
    void aViolationNamingAnotherFieldFails() {
        assertThatThrownBy(() -> kit(new NamesTheWrongField()).invalidSample(record("visits", 1, "emails", null), "emails")
                .build().assertCheck(Check.INPUT_VALIDATION))
                .hasMessageContaining("invalid sample 0 {visits=1, emails=null} (expected a SchemaViolationException naming field 'emails'):"
                        + " predict(preprocess(x)) threw a SchemaViolationException naming field 'record' instead of 'emails'");
    }

    /** Validates in its own batch preprocessing but forgets to say which record of the batch was bad. */
    static final class LosesTheRecordIndex extends SumModel {
        LosesTheRecordIndex() {
            super("test-sum", FIELDS, 0);
        }

        @Override
        public void preprocess(List<? extends Map<String, Object>> records, FeatureBatch<float[]> into) {
            for (Map<String, Object> r : records) {
                into.add(preprocess(r));
            }
        }
    }

    @Test
    void aBatchViolationNamingTheWrongRecordFails() {
        assertThatThrownBy(() -> kit(new LosesTheRecordIndex()).invalidSample(record("visits", "3", "emails", 1), "visits")
                .build().assertCheck(Check.INPUT_VALIDATION))
                .hasMessageContaining("invalid sample 0 {visits=3, emails=1}")
                .hasMessageContaining("with it at index 3 threw a SchemaViolationException naming record 0 instead of 3")
                .hasMessageNotContaining("predict(preprocess(x)) threw");
    }

    // ---- output schema ----

    @Test
    void aDoubleOutputDeclaredAsFloatFails() {
        ModelInfo info = new SumModel("test-sum", FIELDS, 0).info().toBuilder()
                .outputSchema(Schema.of(Field.required("score", FieldType.FLOAT))).build();
        assertThatThrownBy(() -> kit(new SumModel(info, FIELDS, 0)).build().assertCheck(Check.OUTPUT_SCHEMA))
                .hasMessageContaining("(output schema: score FLOAT)")
                .hasMessageContaining("sample 1 {visits=3, emails=4}: the output is a Double (7.0) but schema field 'score' is FLOAT,"
                        + " which takes Float");
    }

    @Test
    void aSingleValueAgainstASchemaOfSeveralFieldsFails() {
        ModelInfo info = new SumModel("test-sum", FIELDS, 0).info().toBuilder()
                .outputSchema(Schema.of(Field.required("score", FieldType.DOUBLE), Field.required("label", FieldType.STRING))).build();
        assertThatThrownBy(() -> kit(new SumModel(info, FIELDS, 0)).build().assertCheck(Check.OUTPUT_SCHEMA))
                .hasMessageContaining("sample 0 {visits=1, emails=2}: the output is a single Double (3.0) but the output schema declares"
                        + " 2 fields [score, label]");
    }

    @Test
    void aRecordOutputWithOtherFieldsThanTheSchemaFails() {
        ScoredModel model = new ScoredModel(FIELDS, 0,
                Schema.of(Field.required("score", FieldType.DOUBLE), Field.required("probability", FieldType.DOUBLE)));
        assertThatThrownBy(() -> ModelTestKit.forModel(model).samples(SAMPLES).build().assertCheck(Check.OUTPUT_SCHEMA))
                .hasMessageContaining("sample 2 {visits=0.25, emails=-7}: field 'probability' (DOUBLE, required) is missing from the output"
                        + " Scored[score=-6.75, label=cold]")
                .hasMessageContaining("sample 2 {visits=0.25, emails=-7}: field 'label' of the output is not in the output schema [score, probability]");
    }

    @Test
    void aRecordOutputMatchingItsSchemaPassesEveryCheckThatApplies() {
        ScoredModel model = new ScoredModel(FIELDS, 0,
                Schema.of(Field.required("score", FieldType.DOUBLE), Field.required("label", FieldType.STRING)));
        assertThatCode(() -> ModelTestKit.forModel(model).samples(SAMPLES).invalidSample(record("visits", 1), "emails")
                .skip(Check.ROUND_TRIP).concurrency(2, 32).assertAll())
                .doesNotThrowAnyException();
    }

    // ---- round trip ----

    @Test
    void aFormatWhoseRoundTripChangesPredictionsFails() {
        SumModel model = new SumModel("test-sum-lossy", FIELDS, 0.5);
        assertThatThrownBy(() -> kit(model).format(SumFormat.lossy()).workDirectory(tmp).build().assertCheck(Check.ROUND_TRIP))
                .hasMessageStartingWith("[" + Check.ROUND_TRIP.displayName() + "] model sum/0 (test-sum-lossy) (format 'test-sum-lossy'")
                .hasMessageContaining("sample 1 {visits=3, emails=4}: the loaded model's predict(preprocess(x)) differs from"
                        + " the original model's predict(preprocess(x)) at output: expected 7.5 but was 7.0 (difference 0.5)")
                .hasMessageContaining("sample 2 {visits=0.25, emails=-7}: the loaded model's batch path (newBatch + preprocess(list, batch) + predictBatch)"
                        + " differs from the original model's predict(preprocess(x)) at output: expected -6.25 but was -6.75");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aFaithfulFormatPassesTheRoundTripAndLeavesNothingBehind() {
        SumModel model = new SumModel("test-sum", FIELDS, 0.5);
        assertThatCode(() -> kit(model).format(SumFormat.faithful()).workDirectory(tmp).build().assertCheck(Check.ROUND_TRIP))
                .doesNotThrowAnyException();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aFormatThatIsNotInstalledFailsWithAHint() {
        SumModel model = new SumModel("test-sum", FIELDS, 0.5);
        assertThatThrownBy(() -> kit(model).workDirectory(tmp).build().assertCheck(Check.ROUND_TRIP))
                .hasMessageContaining("publishing to file:")
                .hasMessageContaining("FormatNotInstalledException")
                .hasMessageContaining("or pass it with ModelTestKit.Builder.format(...)");
        assertThat(tmp).isEmptyDirectory();
    }

    // ---- everything at once ----

    @Test
    void assertAllReportsEveryFailingCheckTogether() {
        ModelInfo info = new ForgetsBiasInBatch().info().toBuilder()
                .outputSchema(Schema.of(Field.required("score", FieldType.INT))).build();
        ForgetsBiasInBatch broken = new ForgetsBiasInBatch(info);
        assertThatThrownBy(() -> kit(broken).skip(Check.ROUND_TRIP).concurrency(2, 8).assertAll())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("model sum/0 (test-sum) failed the model test kit")
                .hasMessageContaining("[" + Check.BATCH_PARITY.displayName() + "]")
                .hasMessageContaining("[" + Check.OUTPUT_SCHEMA.displayName() + "]")
                .hasMessageNotContaining("[" + Check.THREAD_SAFETY.displayName() + "]");
    }
}
