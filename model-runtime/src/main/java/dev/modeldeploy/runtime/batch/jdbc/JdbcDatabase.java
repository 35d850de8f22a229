package dev.modeldeploy.runtime.batch.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a {@link JdbcSource} reads or a {@link JdbcSink} writes: a {@link DataSource} (a connection
 * pool the application already has) or a JDBC URL with optional user and password. The password is
 * never logged and never put in an exception message: {@link #toString()} and connection errors show
 * the URL with its secrets masked. Users bring their own JDBC driver.
 *
 * <p>For PostgreSQL URLs, {@code reWriteBatchedInserts=true} is added unless set, so batched upserts
 * travel as multi-row statements; set it on your own {@code DataSource} for the same speed.
 *
 * <p>Immutable and thread-safe; every {@code open} returns a new connection.
 */
public final class JdbcDatabase {
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|sslpassword|api[_-]?key)=)([^&;]*)");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?;]*):[^/@?;]*@");

    private final DataSource dataSource;
    private final String url;
    private final Properties properties;
    private final SqlDialect forcedDialect;
    private volatile SqlDialect detected;

    private JdbcDatabase(DataSource dataSource, String url, Properties properties, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.url = url;
        this.properties = properties;
        this.forcedDialect = dialect;
    }

    /** Connections from an application's {@link DataSource} (its pool, its credentials). */
    public static JdbcDatabase of(DataSource dataSource) {
        return new JdbcDatabase(Objects.requireNonNull(dataSource, "dataSource"), null, null, null);
    }

    /** Connections from a JDBC URL through {@link DriverManager}; credentials, if any, in the URL. */
    public static JdbcDatabase url(String url) {
        return url(url, new Properties());
    }

    /** Connections from a JDBC URL with a user and a password. */
    public static JdbcDatabase url(String url, String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return url(url, p);
    }

    /** Connections from a JDBC URL with driver properties (such as {@code user}, {@code password}, {@code ssl}). */
    public static JdbcDatabase url(String url, Properties properties) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + redact(url));
        }
        Properties copy = new Properties();
        copy.putAll(Objects.requireNonNull(properties, "properties"));
        if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts") && !copy.containsKey("reWriteBatchedInserts")) {
            copy.setProperty("reWriteBatchedInserts", "true");
        }
        return new JdbcDatabase(null, url, copy, null);
    }

    /** The same database with a fixed dialect instead of the one detected from the driver. */
    public JdbcDatabase withDialect(SqlDialect dialect) {
        return new JdbcDatabase(dataSource, url, properties, Objects.requireNonNull(dialect, "dialect"));
    }

    /**
     * Opens a connection and prepares it for its role (SQLite writers get WAL mode and a busy timeout).
     * Connection errors come with secrets masked.
     */
    Connection open(boolean writer) throws SQLException {
        Connection c;
        try {
            c = dataSource != null ? dataSource.getConnection() : DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw scrubbed(e);
        }
        try {
            dialect(c).init(c, writer);
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The dialect: the one set, or the one detected from the first connection. */
    SqlDialect dialect(Connection c) throws SQLException {
        if (forcedDialect != null) {
            return forcedDialect;
        }
        SqlDialect d = detected;
        if (d == null) {
            d = SqlDialect.forProduct(c.getMetaData().getDatabaseProductName());
            detected = d;
        }
        return d;
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing a broken connection may fail too; nothing more to do with it.
        }
    }

    // Some drivers repeat the URL (password included) in their messages; keep the SQL state (retries
    // depend on it) and drop the original, whose message would leak.
    private SQLException scrubbed(SQLException e) {
        String message = String.valueOf(e.getMessage());
        String clean = scrub(message);
        if (clean.equals(message)) {
            return e;
        }
        SQLException s = new SQLException(clean, e.getSQLState(), e.getErrorCode(), e.getCause());
        s.setStackTrace(e.getStackTrace());
        return s;
    }

    private String scrub(String message) {
        String m = url == null ? message : message.replace(url, redact(url));
        String password = properties == null ? null : properties.getProperty("password");
        if (password != null && !password.isEmpty()) {
            m = m.replace(password, "***");
        }
        return redact(m);
    }

    /** The URL (or text) with passwords, tokens and user-info secrets replaced by {@code ***}. */
    static String redact(String text) {
        String r = SECRET_PARAM.matcher(text).replaceAll("$1***");
        return USER_INFO_PASSWORD.matcher(r).replaceAll("$1:***@");
    }

    /** The URL with secrets masked, or the data source's class. */
    @Override
    public String toString() {
        return dataSource != null ? "DataSource " + dataSource.getClass().getName() : redact(url);
    }
}
