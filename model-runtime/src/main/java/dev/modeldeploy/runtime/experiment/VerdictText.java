package dev.modeldeploy.runtime.experiment;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/** The plain sentences of verdicts: percentages with one decimal for conversions, four significant digits for means. */
final class VerdictText {
    private VerdictText() {
    }

    static String of(MetricKind metric, boolean higherIsBetter, ArmResult arm, ArmResult control, Decision decision,
                     double difference, Interval interval, double p, double adjusted, int comparisons, List<String> warnings) {
        String a = arm.arm();
        String c = control.arm();
        boolean conversion = metric == MetricKind.CONVERSION;
        String values = conversion
                ? percent(arm.mean()) + " vs " + percent(control.mean())
                : "mean " + number(arm.mean()) + " vs " + number(control.mean());
        String head = switch (decision) {
            case BETTER -> conversion && higherIsBetter ? a + " converts better than " + c : a + " is better than " + c;
            case WORSE -> conversion && higherIsBetter ? a + " converts worse than " + c : a + " is worse than " + c;
            case NO_SIGNIFICANT_DIFFERENCE -> "no significant difference between " + a + " and " + c;
            case TOO_SMALL_TO_DECIDE -> "too little data to decide between " + a + " and " + c;
        };
        if (decision == Decision.TOO_SMALL_TO_DECIDE) {
            return head + ": " + values + " (n = " + arm.count() + " vs " + control.count() + "); "
                    + String.join("; ", warnings);
        }
        String detail = signed(metric, difference, true) + ", " + number(interval.level() * 100) + " % CI "
                + signed(metric, interval.lower(), false) + " to " + signed(metric, interval.upper(), false);
        String pText = comparisons > 1 ? "adjusted " + pValue(adjusted) + " (unadjusted " + pValue(p) + ")" : pValue(p);
        return head + ": " + values + " (" + detail + "), " + pText;
    }

    /** An absolute amount: points for conversions, a number for means. */
    static String amount(MetricKind metric, double value) {
        return metric == MetricKind.CONVERSION ? fixed(value * 100) + " points" : number(value);
    }

    private static String signed(MetricKind metric, double value, boolean unit) {
        String sign = value >= 0 ? "+" : "−";
        double magnitude = Math.abs(value);
        return sign + (unit ? amount(metric, magnitude)
                : metric == MetricKind.CONVERSION ? fixed(magnitude * 100) : number(magnitude));
    }

    static String percent(double proportion) {
        return fixed(proportion * 100) + " %";
    }

    static String pValue(double p) {
        return p < 0.001 ? "p < 0.001" : "p = " + String.format(Locale.ROOT, "%.3f", p);
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Four significant digits, never in scientific notation. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
