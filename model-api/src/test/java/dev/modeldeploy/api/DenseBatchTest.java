package dev.modeldeploy.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenseBatchTest {
    @Test
    void rowsAreContiguousAndGrow() {
        DenseBatch batch = new DenseBatch(3, 1);
        for (int r = 0; r < 5; r++) {
            int at = batch.appendRow();
            assertThat(at).isEqualTo(r * 3);
            for (int c = 0; c < 3; c++) {
                batch.data()[at + c] = r * 10 + c;
            }
        }
        assertThat(batch.size()).isEqualTo(5);
        assertThat(batch.get(4, 2)).isEqualTo(42f);
        assertThat(batch.row(2)).containsExactly(20f, 21f, 22f);
        assertThat(batch.data().length).isGreaterThanOrEqualTo(15);
    }

    @Test
    void clearKeepsStorageAndNewRowsStartZeroed() {
        DenseBatch batch = new DenseBatch(2, 4);
        batch.add(new float[] {1, 2});
        float[] storage = batch.data();
        batch.clear();
        assertThat(batch.size()).isZero();
        int at = batch.appendRow();
        assertThat(batch.data()).isSameAs(storage);
        assertThat(batch.row(0)).containsExactly(0f, 0f);
        assertThat(at).isZero();
    }

    @Test
    void wrongWidthAndIndexesAreRefused() {
        DenseBatch batch = new DenseBatch(2, 1);
        assertThatThrownBy(() -> batch.add(new float[3])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> batch.row(0)).isInstanceOf(IndexOutOfBoundsException.class);
        batch.add(new float[2]);
        assertThatThrownBy(() -> batch.get(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new DenseBatch(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncateTakesBackTheLastRows() {
        DenseBatch batch = new DenseBatch(2, 4);
        batch.add(new float[] {1, 2});
        batch.add(new float[] {3, 4});
        batch.add(new float[] {5, 6});
        batch.truncate(1);
        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.row(0)).containsExactly(1f, 2f);
        assertThat(batch.appendRow()).isEqualTo(2);
        assertThat(batch.row(1)).containsExactly(0f, 0f); // the taken-back row's values are gone
        assertThatThrownBy(() -> batch.truncate(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.truncate(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
