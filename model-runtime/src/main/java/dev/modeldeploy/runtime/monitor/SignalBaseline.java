package dev.modeldeploy.runtime.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training distribution of one monitored value (an input field or a part of the prediction): its
 * bins with their training counts, plus count, missing values, and for numbers mean, standard
 * deviation, extremes and quantiles. Live values are put in the same bins ({@link #binOf(double)},
 * {@link #binOf(String)}), so that a window of live traffic compares with training bin for bin.
 *
 * <p>Numeric bins, for edges {@code e0 < e1 < … < ek}: bin 0 holds values below {@code e0} (underflow),
 * bin {@code i} (1 ≤ i ≤ k) holds {@code [e(i-1), e(i))} (the last one includes {@code ek}), and bin
 * {@code k+1} values above {@code ek} (overflow); a constant has the edges {@code c, c}. Categorical bins: one per training category, then one
 * for any other category. Immutable and thread-safe.
 */
public final class SignalBaseline {
    private final String name;
    private final SignalSource source;
    private final SignalKind kind;
    private final long missing;
    private final double mean;
    private final double std;
    private final double min;
    private final double max;
    private final List<Quantile> quantiles;
    private final double[] edges;
    private final List<String> categories;
    private final Map<String, Integer> categoryIndex;
    private final long[] bins;

    private SignalBaseline(String name, SignalSource source, SignalKind kind, long missing, double mean, double std,
                           double min, double max, List<Quantile> quantiles, double[] edges, List<String> categories,
                           long[] bins) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.kind = Objects.requireNonNull(kind, "kind");
        if (missing < 0) {
            throw new BaselineException("signal " + name + ": negative missing count");
        }
        this.missing = missing;
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
        this.quantiles = List.copyOf(quantiles);
        this.edges = edges.clone();
        this.categories = List.copyOf(categories);
        this.bins = bins.clone();
        for (long b : bins) {
            if (b < 0) {
                throw new BaselineException("signal " + name + ": negative bin count");
            }
        }
        Map<String, Integer> index = new HashMap<>();
        if (kind == SignalKind.NUMERIC) {
            if (edges.length < 2 || !categories.isEmpty()) {
                throw new BaselineException("numeric signal " + name + " needs at least two bin edges and no categories");
            }
            for (int i = 0; i < edges.length; i++) {
                if (!Double.isFinite(edges[i]) || (i > 0 && edges[i] < edges[i - 1])) {
                    throw new BaselineException("numeric signal " + name + ": bin edges must be finite and ascending");
                }
            }
            if (bins.length != edges.length + 1) {
                throw new BaselineException("numeric signal " + name + ": " + edges.length + " edges need "
                        + (edges.length + 1) + " bins, got " + bins.length);
            }
        } else {
            if (edges.length != 0) {
                throw new BaselineException("categorical signal " + name + " has no bin edges");
            }
            for (int i = 0; i < categories.size(); i++) {
                if (index.put(categories.get(i), i) != null) {
                    throw new BaselineException("categorical signal " + name + ": category '" + categories.get(i) + "' twice");
                }
            }
            if (bins.length != categories.size() + 1) {
                throw new BaselineException("categorical signal " + name + ": " + categories.size() + " categories need "
                        + (categories.size() + 1) + " bins, got " + bins.length);
            }
        }
        this.categoryIndex = Map.copyOf(index);
    }

    /** A numeric signal's baseline. */
    public static SignalBaseline numeric(String name, SignalSource source, long missing, double mean, double std,
                                         double min, double max, List<Quantile> quantiles, double[] edges, long[] bins) {
        return new SignalBaseline(name, source, SignalKind.NUMERIC, missing, mean, std, min, max, quantiles, edges,
                List.of(), bins);
    }

    /** A categorical signal's baseline: counts per category, then the count of other categories. */
    public static SignalBaseline categorical(String name, SignalSource source, long missing, List<String> categories,
                                             long[] bins) {
        return new SignalBaseline(name, source, SignalKind.CATEGORICAL, missing, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, List.of(), new double[0], categories, bins);
    }

    /** The field or prediction part this describes ({@code age}, {@code label}, {@code probability.churn}). */
    public String name() {
        return name;
    }

    public SignalSource source() {
        return source;
    }

    public SignalKind kind() {
        return kind;
    }

    /** Training rows with a value (not missing). */
    public long count() {
        return DriftStatistics.total(bins);
    }

    /** Training rows without a value (null, absent or NaN). */
    public long missing() {
        return missing;
    }

    /** Mean of a numeric signal; NaN for a categorical one. */
    public double mean() {
        return mean;
    }

    /** Sample standard deviation of a numeric signal; NaN for a categorical one. */
    public double std() {
        return std;
    }

    /** Smallest training value of a numeric signal; NaN for a categorical one. */
    public double min() {
        return min;
    }

    /** Largest training value of a numeric signal; NaN for a categorical one. */
    public double max() {
        return max;
    }

    /** Quantiles of a numeric signal, by ascending probability; empty for a categorical one. */
    public List<Quantile> quantiles() {
        return quantiles;
    }

    /** Bin edges of a numeric signal (a copy); empty for a categorical one. */
    public double[] edges() {
        return edges.clone();
    }

    /** Training categories of a categorical signal, in bin order; empty for a numeric one. */
    public List<String> categories() {
        return categories;
    }

    /** Training counts per bin (a copy). */
    public long[] bins() {
        return bins.clone();
    }

    /** Number of bins. */
    public int binCount() {
        return bins.length;
    }

    /** Human-readable bin names, for reports: {@code < 0.5}, {@code [0.5, 1.2)}, {@code > 9}, or the categories and {@code (other)}. */
    public List<String> binLabels() {
        List<String> labels = new ArrayList<>(bins.length);
        if (kind == SignalKind.CATEGORICAL) {
            labels.addAll(categories);
            labels.add("(other)");
            return labels;
        }
        int k = edges.length - 1;
        labels.add("< " + edges[0]);
        for (int i = 1; i <= k; i++) {
            labels.add("[" + edges[i - 1] + ", " + edges[i] + (i == k ? "]" : ")"));
        }
        labels.add("> " + edges[k]);
        return labels;
    }

    /** The bin of a numeric value (callers treat NaN as missing). Allocates nothing. */
    public int binOf(double value) {
        int k = edges.length - 1;
        if (value < edges[0]) {
            return 0;
        }
        if (value > edges[k]) {
            return k + 1;
        }
        // The largest i with edges[i] <= value; the last edge closes the last bin.
        int lo = 0;
        int hi = k;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (edges[mid] <= value) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == k ? k : lo + 1;
    }

    /** The bin of a category; categories not seen in training share the last bin. Allocates nothing. */
    public int binOf(String category) {
        Integer i = categoryIndex.get(category);
        return i == null ? categories.size() : i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignalBaseline s && name.equals(s.name) && source == s.source && kind == s.kind
                && missing == s.missing && Double.compare(mean, s.mean) == 0 && Double.compare(std, s.std) == 0
                && Double.compare(min, s.min) == 0 && Double.compare(max, s.max) == 0 && quantiles.equals(s.quantiles)
                && Arrays.equals(edges, s.edges) && categories.equals(s.categories) && Arrays.equals(bins, s.bins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source, kind, Arrays.hashCode(bins));
    }

    @Override
    public String toString() {
        return "SignalBaseline[" + source.name().toLowerCase(java.util.Locale.ROOT) + " " + name + ", " + kind + ", "
                + bins.length + " bins, " + count() + " values, " + missing + " missing]";
    }
}
