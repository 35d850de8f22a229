package dev.modeldeploy.runtime.features.jdbc;

import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The JDBC feature source on a SQLite file (keys bound by the key column's declared type). */
class SqliteFeatureSourceTest extends JdbcFeatureSourceContract {
    @TempDir
    static Path tmp;

    @Override
    DataSource dataSource() {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + tmp.resolve("features.db"));
        return ds;
    }
}
