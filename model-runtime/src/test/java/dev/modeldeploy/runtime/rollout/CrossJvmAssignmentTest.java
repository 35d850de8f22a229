package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.api.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another process, with another default charset and identity hashes, assigns every unit exactly as
 * this one does: assignment depends on nothing but the experiment and the unit key.
 */
class CrossJvmAssignmentTest {
    private static final int UNITS = 2000;

    /** The units, some of them outside ASCII, so that the encoding matters. */
    static List<String> units() {
        List<String> out = new ArrayList<>();
        for (int u = 0; u < UNITS; u++) {
            out.add(u % 3 == 0 ? "kundin-ü-" + u : u % 3 == 1 ? "顧客-" + u : "user-" + u);
        }
        return out;
    }

    /** Each unit's variant under a 30 % canary and a three-arm flighting, one line per unit. */
    static List<String> assignments() {
        List<String> out = new ArrayList<>();
        try (var canary = Variants.threeVersions().build(); var flight = Variants.threeVersions().build()) {
            canary.canary("v2", 0.3);
            flight.flighting("eta-ab", List.of(new RoutingPolicy.Arm("v1", 1), new RoutingPolicy.Arm("v2", 1),
                    new RoutingPolicy.Arm("v3", 2)));
            for (String unit : units()) {
                out.add(unit + " " + canary.predict(request(unit, 0)).variant() + " " + flight.predict(request(unit, 0)).variant());
            }
        }
        return out;
    }

    /** The child: writes its assignments to the file named by the first argument. */
    public static void main(String[] args) throws Exception {
        Files.write(Path.of(args[0]), assignments(), StandardCharsets.UTF_8);
    }

    @Test
    void aChildJvmWithAnotherCharsetAndIdentityHashesAssignsTheSame(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("child.txt");
        Path log = tmp.resolve("child.log");
        Process child = ChildJvm.start(log, List.of("-Dfile.encoding=ISO-8859-1", "-XX:+UnlockExperimentalVMOptions",
                "-XX:hashCode=2"), CrossJvmAssignmentTest.class, out.toString());
        ChildJvm.Result result = ChildJvm.await(child, log, 120);
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> mine = assignments();
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactlyElementsOf(mine);
        assertThat(mine).anyMatch(l -> l.contains(" v2 ")).anyMatch(l -> l.endsWith(" v3"));
    }
}
