package dev.modeldeploy.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The Markdown summary of a run: each comparison's figure against its goal, then every measurement,
 * named {@code Class.method} (benchmark class names are unique across the suite and model-spark).
 */
public final class Summary {
    private Summary() {
    }

    /**
     * @param header      lines above the tables (date, machine, profile)
     * @param comparisons what to report
     * @param results     the run's results
     */
    public static String markdown(List<String> header, List<Comparison> comparisons, Results results) {
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line).append('\n'));
        out.append('\n');
        out.append("| Area | Figure | Result | Goal | Met |\n");
        out.append("|---|---|---|---|---|\n");
        for (Comparison c : comparisons) {
            List<Point> missing = new ArrayList<>();
            for (Point p : c.figure().points()) {
                if (results.find(p).isEmpty()) {
                    missing.add(p);
                }
            }
            String result;
            String met;
            if (missing.isEmpty()) {
                double value = c.figure().value(p -> results.find(p).orElseThrow());
                result = Double.isNaN(value) ? "n/a (run with -prof gc)" : c.figure().format(value);
                met = c.goalIfAny().map(g -> Double.isNaN(value) ? "–" : g.metBy(value) ? "yes" : "**no**").orElse("");
            } else {
                result = "not measured";
                met = c.goalIfAny().isPresent() ? "–" : "";
            }
            out.append("| ").append(c.area()).append(" | ").append(c.what()).append(" | ").append(result).append(" | ")
                    .append(c.goalIfAny().map(Goal::toString).orElse("")).append(" | ").append(met).append(" |\n");
        }
        out.append('\n');
        out.append("| Benchmark | Parameters | Score | Unit | Allocated |\n");
        out.append("|---|---|---|---|---|\n");
        for (Measured m : results.all()) {
            out.append("| ").append(Point.shortName(m.benchmark()))
                    .append(" | ").append(m.params().isEmpty() ? "" : new TreeMap<>(m.params()).toString().replaceAll("[{}]", ""))
                    .append(" | ").append(score(m)).append(" | ").append(m.unit()).append(" | ")
                    .append(Double.isNaN(m.allocBytes()) ? "" : String.format(Locale.ROOT, "%.0f B/op", m.allocBytes()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String score(Measured m) {
        String error = Double.isNaN(m.error()) ? "" : " ± " + number(m.error());
        return number(m.score()) + error;
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }
}
