package dev.modeldeploy.runtime.batch.jdbc;

import org.h2.jdbcx.JdbcDataSource;

import java.nio.file.Path;

/** The batch contract on an H2 file database, through an application's {@code DataSource}, with H2's {@code MERGE}. */
class H2BatchTest extends JdbcBatchContract {
    @Override
    JdbcDatabase newDatabase(Path tmp) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + tmp.resolve("h2").resolve("batch"));
        ds.setUser("sa");
        return JdbcDatabase.of(ds);
    }
}
