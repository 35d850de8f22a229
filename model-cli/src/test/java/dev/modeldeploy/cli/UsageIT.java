package dev.modeldeploy.cli;

import dev.modeldeploy.api.repository.ModelUri;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Help, version, bad arguments and missing models, through the jar: exit status and stderr. */
class UsageIT {
    @TempDir
    Path tmp;
    Cli cli;
    String model;
    String absent;
    Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(tmp);
        model = tmp.resolve("store/lead-scoring").toUri().toString();
        // As the command line prints it: file:/..., not file:///...
        bundle = TestBundles.weightedSum(tmp.resolve("bundle"), "lead-scoring", 1f);
        absent = ModelUri.parse(tmp.resolve("store/absent").toUri()).toString();
    }

    /** Splits a test's argument line at spaces and fills in the placeholders. */
    private String[] args(String line) {
        List<String> args = new ArrayList<>();
        for (String arg : line.split(" ")) {
            if (!arg.isEmpty()) {
                args.add(arg.replace("MODEL", model).replace("ABSENT", absent).replace("BUNDLE", bundle.toString())
                        .replace("TMP", tmp.toString()));
            }
        }
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help", "publish --help", "list --help", "inspect -h", "verify --help",
            "fetch --help", "alias --help", "alias set --help", "alias list -h", "alias delete --help", "help alias"})
    void helpExitsZero(String line) throws Exception {
        Cli.Result result = cli.run(args(line));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: modeldeploy").contains("--help");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void versionNamesTheReleaseAndWhatTheJarHolds() throws Exception {
        Cli.Result result = cli.run("--version");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("^modeldeploy \\d+\\.\\d+\\.\\d+").contains("stores: file:")
                .containsPattern("formats: .*\\bonnx\\b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "                                         | missing command",
            "bogus                                    | Unmatched argument at index 0: 'bogus'",
            "list                                     | Missing required parameter: 'URI'",
            "list --nope MODEL                        | Unknown option: '--nope'",
            "list not-a-uri                           | needs a scheme",
            "list file:relative/lead-scoring          | must be hierarchical",
            "inspect MODEL/0                          | versions start at 1",
            "alias                                    | missing command",
            "alias set MODEL 1                        | expected an alias URI",
            "alias set MODEL@9lives 1                 | invalid alias name '9lives'",
            "alias set MODEL@production one           | 'one' is not an int",
            "alias set MODEL@production 0             | VERSION must be a positive integer",
            "alias delete MODEL                       | expected an alias URI",
            "publish TMP/no-such-bundle MODEL         | not a directory",
            "publish TMP MODEL                        | not a bundle directory (no MODEL.json)",
            "publish BUNDLE MODEL --compression lz4   | Invalid value for option '--compression'",
            "publish BUNDLE MODEL --tag team          | KEY=VALUE format",
            "publish BUNDLE MODEL --version 0         | --version must be a positive integer",
            "publish BUNDLE MODEL@production          | not an alias",
            "fetch MODEL                              | Missing required parameter: 'DIR'",
    })
    void badArgumentsExitTwoWithOneLineAndNoStackTrace(String line, String reason) throws Exception {
        Cli.Result result = cli.run(args(line == null ? "" : line)); // CSV reads the blank first line as null
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).as(result.toString()).singleElement().asString()
                .startsWith("modeldeploy: ").contains(reason, "--help");
        assertThat(tmp.resolve("store")).as("nothing was published").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list ABSENT", "list --json ABSENT", "inspect ABSENT", "inspect ABSENT/3",
            "verify ABSENT@production", "fetch ABSENT TMP/out", "alias list ABSENT"})
    void aMissingModelExitsOneSayingSo(String line) throws Exception {
        Cli.Result result = cli.run(args(line));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString().isEqualTo("modeldeploy: model not found: " + absent
                + " (no published version)");
    }

    @Test
    void verboseShowsTheStackTraceOfAnError() throws Exception {
        Cli.Result result = cli.run(args("inspect --verbose ABSENT"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines().get(0)).startsWith("modeldeploy: model not found");
        assertThat(result.err()).contains("ModelNotFoundException", "\tat ");
    }
}
