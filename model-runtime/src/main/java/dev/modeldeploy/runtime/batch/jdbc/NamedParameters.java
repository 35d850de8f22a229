package dev.modeldeploy.runtime.batch.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A query with {@code :name} parameters turned into JDBC's {@code ?} placeholders, with the names in
 * placeholder order. Colons inside string literals, quoted identifiers, comments and PostgreSQL's
 * {@code ::} casts are left alone. Immutable.
 *
 * @param sql   the query with {@code ?} placeholders
 * @param names the parameter name of each placeholder, in order (a name may repeat)
 */
record NamedParameters(String sql, List<String> names) {
    NamedParameters {
        names = List.copyOf(names);
    }

    /** Parses {@code query}; a trailing semicolon is dropped, since the query is wrapped in a subquery. */
    static NamedParameters parse(String query) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).stripTrailing();
        }
        StringBuilder sql = new StringBuilder(q.length());
        List<String> names = new ArrayList<>();
        int n = q.length();
        int i = 0;
        while (i < n) {
            char c = q.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(q, i, c);
                sql.append(q, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && q.charAt(i + 1) == '-') {
                int end = q.indexOf('\n', i);
                end = end < 0 ? n : end;
                sql.append(q, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && q.charAt(i + 1) == '*') {
                int end = q.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                sql.append(q, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && q.charAt(i + 1) == ':') {
                sql.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(q.charAt(i + 1)) && (i == 0 || !isNamePart(q.charAt(i - 1)))) {
                int end = i + 1;
                while (end < n && isNamePart(q.charAt(end))) {
                    end++;
                }
                names.add(q.substring(i + 1, end));
                sql.append('?');
                i = end;
            } else {
                sql.append(c);
                i++;
            }
        }
        return new NamedParameters(sql.toString(), names);
    }

    // A quote closes at the next unpaired quote of the same kind (doubled quotes escape themselves).
    private static int closing(String q, int start, char quote) {
        int i = start + 1;
        while (i < q.length()) {
            if (q.charAt(i) == quote) {
                if (i + 1 < q.length() && q.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return q.length();
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
