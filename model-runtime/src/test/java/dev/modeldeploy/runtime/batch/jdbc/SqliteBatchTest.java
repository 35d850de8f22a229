package dev.modeldeploy.runtime.batch.jdbc;

import java.nio.file.Path;

/** The batch contract on a SQLite file, connected by URL. */
class SqliteBatchTest extends JdbcBatchContract {
    @Override
    JdbcDatabase newDatabase(Path tmp) {
        return JdbcDatabase.url("jdbc:sqlite:" + tmp.resolve("batch.db"));
    }
}
