package dev.modeldeploy.runtime.batch.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the table and column names that end up in generated SQL. Names are never quoted (so that
 * analysts query {@code lead_scores}, not {@code "lead_scores"}), so they must be plain identifiers:
 * a letter or underscore, then letters, digits or underscores, optionally one schema prefix.
 */
final class Identifiers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Identifiers() {
    }

    /** A column name, checked. */
    static String column(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL column name (letters, digits, '_', at most 63): " + quoteForMessage(name));
        }
        return name;
    }

    /** A table name, optionally {@code schema.table}, checked. */
    static String table(String name) {
        if (name == null) {
            throw new IllegalArgumentException("table name is null");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2 || parts.length == 0) {
            throw new IllegalArgumentException("not a plain SQL table name ([schema.]table): " + quoteForMessage(name));
        }
        for (String p : parts) {
            if (!NAME.matcher(p).matches()) {
                throw new IllegalArgumentException("not a plain SQL table name ([schema.]table; letters, digits, '_'): "
                        + quoteForMessage(name));
            }
        }
        return name;
    }

    /** Unquoted names compare without case in SQL. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String quoteForMessage(String name) {
        if (name == null) {
            return "null";
        }
        return "'" + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "'";
    }
}
