package dev.modeldeploy.api.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps README code samples true: the code between a test's README markers must appear in README.md. */
public final class ReadmeSnippets {
    private static final String START = "// README:start";
    private static final String END = "// README:end";

    private ReadmeSnippets() {
    }

    /**
     * Asserts that the lines between {@code // README:start} and {@code // README:end} in a test source
     * (path relative to the module) appear, in order and ignoring indentation, in the project's README.
     */
    public static void assertReadmeShows(String testSource) throws IOException {
        Path readme = Path.of("..", "README.md");
        assertThat(readme).exists();
        String code = Files.readString(Path.of(testSource));
        int start = code.indexOf(START);
        int end = code.indexOf(END);
        assertThat(start).as("README markers in %s", testSource).isNotNegative().isLessThan(end);
        String snippet = code.substring(start + START.length(), code.lastIndexOf('\n', end));
        assertThat(normalise(Files.readString(readme))).as("README.md shows the code of %s", testSource).contains(normalise(snippet));
    }

    private static String normalise(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
