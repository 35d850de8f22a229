package dev.modeldeploy.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.FloatBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A dense batch in native memory behaves as one on the heap, through the calls both have. */
class DirectDenseBatchTest {
    private static DenseBatch batch(boolean direct, int columns, int capacity) {
        return direct ? DenseBatch.direct(columns, capacity) : new DenseBatch(columns, capacity);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rowsWrittenWithSetAreContiguousAndSurviveGrowth(boolean direct) {
        DenseBatch batch = batch(direct, 3, 1);
        assertThat(batch.isDirect()).isEqualTo(direct);
        for (int r = 0; r < 5; r++) {
            int at = batch.appendRow();
            assertThat(at).isEqualTo(r * 3);
            for (int c = 0; c < 3; c++) {
                batch.set(at + c, r * 10 + c);
            }
        }
        assertThat(batch.size()).isEqualTo(5);
        assertThat(batch.get(4, 2)).isEqualTo(42f);
        assertThat(batch.row(2)).containsExactly(20f, 21f, 22f);
        FloatBuffer values = batch.values();
        assertThat(values.isDirect()).isEqualTo(direct);
        assertThat(values.remaining()).isEqualTo(15);
        for (int i = 0; i < 15; i++) {
            assertThat(values.get(i)).isEqualTo((i / 3) * 10 + i % 3);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rowsAddedInOneCallAndTakenBackReadAsZeroWhenAppendedAgain(boolean direct) {
        DenseBatch batch = batch(direct, 2, 4);
        batch.add(new float[] {1, 2});
        batch.add(new float[] {3, 4});
        batch.set(2, new float[] {9, 7, 5}, 1, 2);
        assertThat(batch.row(1)).containsExactly(7f, 5f);
        batch.truncate(1);
        batch.appendRow();
        assertThat(batch.row(1)).containsExactly(0f, 0f);
        batch.clear();
        batch.appendRow();
        assertThat(batch.row(0)).containsExactly(0f, 0f);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void writesOutsideTheRowsAreRefused(boolean direct) {
        DenseBatch batch = batch(direct, 2, 8);
        batch.appendRow();
        assertThatThrownBy(() -> batch.set(2, 1f)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.set(-1, 1f)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.set(1, new float[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.set(0, new float[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.add(new float[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch.get(1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aDirectBatchHasNoArrayAndCopiesToTheHeapOnRequest() {
        DenseBatch batch = DenseBatch.direct(2, 2);
        batch.add(new float[] {1, 2});
        batch.add(new float[] {3, 4});
        assertThatThrownBy(batch::data).isInstanceOf(IllegalStateException.class).hasMessageContaining("direct");
        DenseBatch heap = batch.onHeap();
        assertThat(heap.isDirect()).isFalse();
        assertThat(heap.size()).isEqualTo(2);
        assertThat(heap.data()).startsWith(1f, 2f, 3f, 4f);
        // A copy: later writes to either do not reach the other.
        heap.data()[0] = 42f;
        batch.set(3, 7f);
        assertThat(batch.get(0, 0)).isEqualTo(1f);
        assertThat(heap.get(1, 1)).isEqualTo(4f);
        DenseBatch already = new DenseBatch(2, 1);
        assertThat(already.onHeap()).isSameAs(already);
    }

    @Test
    void valuesOfAHeapBatchWriteThroughToItsArray() {
        DenseBatch batch = new DenseBatch(2, 2);
        batch.add(new float[] {1, 2});
        batch.values().put(1, 5f);
        assertThat(batch.data()[1]).isEqualTo(5f);
        assertThat(batch.values().remaining()).isEqualTo(2);
    }
}
