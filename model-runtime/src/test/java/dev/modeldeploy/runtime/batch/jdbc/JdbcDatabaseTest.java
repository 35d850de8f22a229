package dev.modeldeploy.runtime.batch.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcDatabaseTest {
    @Test
    void secretsInUrlsAreMasked() {
        assertThat(JdbcDatabase.url("jdbc:postgresql://db:5432/crm?user=scorer&password=hunter2&ssl=true").toString())
                .isEqualTo("jdbc:postgresql://db:5432/crm?user=scorer&password=***&ssl=true");
        assertThat(JdbcDatabase.redact("jdbc:mysql://scorer:hunter2@db/crm")).isEqualTo("jdbc:mysql://scorer:***@db/crm");
        assertThat(JdbcDatabase.redact("jdbc:sqlserver://db;user=scorer;Password=hunter2;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=scorer;Password=***;encrypt=true");
        assertThat(JdbcDatabase.url("jdbc:sqlite:/data/crm.db").toString()).isEqualTo("jdbc:sqlite:/data/crm.db");
    }

    @Test
    void connectionErrorsNeverCarryThePassword() {
        JdbcDatabase inUrl = JdbcDatabase.url("jdbc:nosuchdriver://db/crm?password=hunter2");
        assertThatThrownBy(() -> inUrl.open(false)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.toString()).contains("password=***").doesNotContain("hunter2"));
        JdbcDatabase inProperties = JdbcDatabase.url("jdbc:nosuchdriver://db/crm", "scorer", "hunter2");
        assertThatThrownBy(() -> inProperties.open(false)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> JdbcDatabase.url("postgres://scorer:hunter2@db/crm")).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void dialectsAreDetectedFromTheProductName() {
        assertThat(SqlDialect.forProduct("PostgreSQL")).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.forProduct("SQLite")).isEqualTo(SqlDialect.SQLITE);
        assertThat(SqlDialect.forProduct("H2")).isEqualTo(SqlDialect.H2);
        assertThat(SqlDialect.forProduct("Oracle")).isEqualTo(SqlDialect.GENERIC);
    }
}
