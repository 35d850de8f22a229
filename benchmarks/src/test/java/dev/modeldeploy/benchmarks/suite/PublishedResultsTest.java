package dev.modeldeploy.benchmarks.suite;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Performance table is the suite's own summary of the committed results: every figure
 * line is recomputed here from {@code benchmarks/results/results.json} and must appear in the README
 * exactly, so no figure there is one the suite did not produce.
 */
class PublishedResultsTest {
    static final Path RESULTS = Path.of("results");

    @Test
    void readmeShowsTheSummaryOfTheCommittedResults() throws IOException {
        Results results = Results.read(RESULTS.resolve("results.json"));
        String summary = Summary.markdown(List.of(), Catalogue.comparisons(), results);
        List<String> figures = summary.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Area |")
                && !l.startsWith("| Benchmark |")).toList();
        String committed = Files.readString(RESULTS.resolve("summary.md"));
        String readme = Files.readString(Path.of("..", "README.md"));
        String performance = readme.substring(readme.indexOf("## Performance"));
        int table = 0;
        for (String line : figures) {
            assertTrue(committed.contains(line), "summary.md lacks: " + line);
            if (line.split("\\|").length >= 6 && Catalogue.comparisons().stream().anyMatch(c -> line.startsWith("| " + c.area() + " | " + c.what() + " |"))) {
                assertTrue(performance.contains(line), "README's Performance section lacks: " + line);
                table++;
            }
        }
        assertEquals(Catalogue.comparisons().size(), table);
    }
}
