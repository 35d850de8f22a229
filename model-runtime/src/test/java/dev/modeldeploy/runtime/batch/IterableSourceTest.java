package dev.modeldeploy.runtime.batch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** An in-memory source reads a random-access list a slice at a time and any other iterable element by element, alike. */
@SuppressWarnings("try") // Source.Reader.close() throws Exception, which javac flags in every try-with-resources.
class IterableSourceTest {
    record Lead(long id, String name) {
    }

    static List<Lead> leads(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Lead(1000 + i, "lead " + i)).collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }

    /** Every chunk as "from-to: ids", reading to the end. */
    static List<String> readAll(Iterable<Lead> records, Set<ChunkRange> committed, int chunkSize) throws Exception {
        List<String> chunks = new ArrayList<>();
        try (Source.Reader<Lead> reader = new IterableSource<>(records, Lead::id).open(committed)) {
            for (Chunk<Lead> c; (c = reader.next(chunkSize)) != null; ) {
                assertThat(c.records()).extracting(Lead::id).isEqualTo(c.ids());
                chunks.add(c.range().from() + "-" + c.range().to() + ": " + c.ids().get(0) + ".." + c.ids().get(c.size() - 1));
            }
        }
        return chunks;
    }

    @Test
    void aRandomAccessListIsReadAsAnyIterableIsSkippingTheSameCommittedChunks() throws Exception {
        List<Lead> list = leads(1_050);
        Iterable<Lead> plain = () -> list.iterator(); // Not a list: read element by element.
        // Committed: the first chunk, and two chained ones in the middle.
        Set<ChunkRange> committed = Set.of(new ChunkRange("0", "100"), new ChunkRange("300", "400"), new ChunkRange("400", "500"));

        List<String> viaList = readAll(list, committed, 100);

        assertThat(viaList).isEqualTo(readAll(plain, committed, 100)).isEqualTo(readAll(new LinkedList<>(list), committed, 100))
                .hasSize(8).startsWith("100-200: 1100..1199", "200-300: 1200..1299", "500-600: 1500..1599").endsWith("1000-1050: 2000..2049");
        assertThat(readAll(list, Set.of(), 1_000)).containsExactly("0-1000: 1000..1999", "1000-1050: 2000..2049");
        // A committed range past the end (the list is shorter than on the attempt that committed it) ends the reading.
        assertThat(readAll(list, Set.of(new ChunkRange("1000", "1100")), 100)).hasSize(10).last().isEqualTo("900-1000: 1900..1999");
    }

    @Test
    void aListThatShrinksWhileReadEndsWhereItNowEnds() throws Exception {
        List<Lead> list = leads(500);
        try (Source.Reader<Lead> reader = new IterableSource<>(list, Lead::id).open(Set.of())) {
            assertThat(reader.next(200).ids()).hasSize(200).first().isEqualTo(1000L);
            list.subList(150, 500).clear();
            assertThat(reader.next(200)).isNull();
        }
    }
}
