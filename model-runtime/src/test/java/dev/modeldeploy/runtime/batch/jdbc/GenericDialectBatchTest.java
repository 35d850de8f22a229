package dev.modeldeploy.runtime.batch.jdbc;

import java.nio.file.Path;

/**
 * The batch contract through the generic dialect (delete-then-insert upserts, {@code FETCH FIRST}
 * paging, standard types), as a database without a dialect of its own gets it; run on H2.
 */
class GenericDialectBatchTest extends JdbcBatchContract {
    @Override
    JdbcDatabase newDatabase(Path tmp) {
        return JdbcDatabase.url("jdbc:h2:file:" + tmp.resolve("h2").resolve("generic"), "sa", "").withDialect(SqlDialect.GENERIC);
    }
}
