package dev.modeldeploy.runtime.batch.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The batch contract on a real PostgreSQL server (one per class), a fresh database per test, connected by URL. */
class PostgresBatchTest extends JdbcBatchContract {
    static EmbeddedPostgres pg;
    static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    JdbcDatabase newDatabase(Path tmp) throws Exception {
        String name = "batch" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return JdbcDatabase.url(pg.getJdbcUrl("postgres", name));
    }
}
