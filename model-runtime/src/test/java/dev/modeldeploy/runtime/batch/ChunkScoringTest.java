package dev.modeldeploy.runtime.batch;

import dev.modeldeploy.api.DenseBatch;
import dev.modeldeploy.api.FeatureBatch;
import dev.modeldeploy.api.testing.WeightedSumModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a worker preprocesses a chunk whose ids a reader left to it (lazy {@link RecordIds}). */
class ChunkScoringTest {
    private static final int RECORDS = 3 * ChunkScoring.SLICE + 7;

    private static WeightedSumModel model() {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put("visits", 1f);
        return WeightedSumModel.of("leads", weights, 0f);
    }

    /** A record that logs each key read from it, with its own number, to the shared log. */
    private static Map<String, Object> lead(int n, List<String> log) {
        Map<String, Object> m = new HashMap<>() {
            @Override
            public Object get(Object key) {
                log.add(key + " " + n);
                return super.get(key);
            }
        };
        m.put("id", "lead-" + n);
        m.put("visits", n);
        return m;
    }

    private static List<Map<String, Object>> leads(List<String> log) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int n = 0; n < RECORDS; n++) {
            out.add(lead(n, log));
        }
        return out;
    }

    private static RecordIds<Map<String, Object>> lazyIds(List<Map<String, Object>> records) {
        return new RecordIds<>(records, r -> r.get("id"));
    }

    @Test
    void lazyIdsAreTakenWhileTheChunkIsPreprocessedAndPairedWithTheirRows() {
        List<String> log = new ArrayList<>();
        List<Map<String, Object>> records = leads(log);
        WeightedSumModel model = model();
        FeatureBatch<float[]> batch = model.newBatch(RECORDS);

        ChunkScoring.Prepared prepared = ChunkScoring.preprocess(model, lazyIds(records), records, batch);

        assertThat(prepared.ids()).containsExactlyElementsOf(IntStream.range(0, RECORDS).mapToObj(n -> "lead-" + n).toList());
        assertThat(prepared.rejects()).isEmpty();
        DenseBatch dense = (DenseBatch) batch;
        assertThat(dense.size()).isEqualTo(RECORDS);
        for (int n = 0; n < RECORDS; n++) {
            assertThat(dense.data()[n]).as("row %d", n).isEqualTo(n);
        }
        // Each record is read once for its features and once for its id, and the first ids are taken
        // before the last records are preprocessed, not after the whole chunk.
        assertThat(log).hasSize(2 * RECORDS);
        assertThat(log.indexOf("id 0")).isGreaterThan(log.indexOf("visits 0")).isLessThan(log.indexOf("visits " + (RECORDS - 1)));
        assertThat(log.indexOf("id " + (RECORDS - 1))).isGreaterThan(log.indexOf("visits " + (RECORDS - 1)));
    }

    @Test
    void aBadRecordInALaterSliceIsRejectedAloneWithItsId() {
        List<Map<String, Object>> records = leads(new ArrayList<>());
        int bad = 2 * ChunkScoring.SLICE + 3;
        records.get(bad).put("visits", "many");
        WeightedSumModel model = model();
        FeatureBatch<float[]> batch = model.newBatch(RECORDS);

        ChunkScoring.Prepared prepared = ChunkScoring.preprocess(model, lazyIds(records), records, batch);

        assertThat(prepared.rejects()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("lead-" + bad);
            assertThat(r.reason()).contains("visits");
        });
        assertThat(prepared.ids()).hasSize(RECORDS - 1).doesNotContain("lead-" + bad).startsWith("lead-0").endsWith("lead-" + (RECORDS - 1));
        assertThat(batch.size()).isEqualTo(RECORDS - 1);
        assertThat(((DenseBatch) batch).data()[bad]).as("the row after the bad record's").isEqualTo(bad + 1);
    }

    @Test
    void aRecordWithoutAnIdInALaterSliceIsNamed() {
        List<Map<String, Object>> records = leads(new ArrayList<>());
        int missing = ChunkScoring.SLICE + 1;
        records.get(missing).remove("id");
        WeightedSumModel model = model();

        assertThatThrownBy(() -> ChunkScoring.preprocess(model, lazyIds(records), records, model.newBatch(RECORDS)))
                .isInstanceOf(NullPointerException.class).hasMessage("record " + missing + " of the chunk has no id");
    }
}
