package dev.modeldeploy.runtime.report;

/**
 * Escaping and number formatting for the report's markup. Everything a user supplies (signal names, bin
 * labels, titles, verdicts) goes through {@link #escape}; every number through {@link #number} or
 * {@link #percent}, so that the page reads the same in every locale.
 */
final class Html {
    /** What a non-finite figure shows as: an en dash. */
    static final String MISSING = "\u2013";

    private Html() {
    }

    /** {@code s} safe as text and as a double- or single-quoted attribute value. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters are not allowed in XML-compatible markup; they carry no meaning here.
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** {@code value} with up to three significant digits (plain notation where readable), or "–" if not finite. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        if (value == 0) {
            return "0";
        }
        double abs = Math.abs(value);
        if (abs >= 1e6 || abs < 1e-4) {
            return String.format(java.util.Locale.ROOT, "%.2e", value);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros();
        return d.toPlainString();
    }

    /** A p-value: "&lt; 0.0001" below that, otherwise like {@link #number}. */
    static String pValue(double p) {
        if (Double.isFinite(p) && p < 1e-4) {
            return "< 0.0001";
        }
        return number(p);
    }

    /** A share as a percentage ("12.5 %"), or "–" if not finite. */
    static String percent(double share) {
        return Double.isFinite(share) ? number(share * 100) + " %" : MISSING;
    }
}
