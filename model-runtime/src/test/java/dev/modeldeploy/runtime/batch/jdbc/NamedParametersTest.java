package dev.modeldeploy.runtime.batch.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamedParametersTest {
    @Test
    void namesBecomePlaceholdersInOrderAndMayRepeat() {
        NamedParameters p = NamedParameters.parse("SELECT * FROM leads WHERE day = :date AND (tz = :timezone OR :timezone IS NULL)");
        assertThat(p.sql()).isEqualTo("SELECT * FROM leads WHERE day = ? AND (tz = ? OR ? IS NULL)");
        assertThat(p.names()).containsExactly("date", "timezone", "timezone");
    }

    @Test
    void colonsInLiteralsCommentsAndCastsAreLeftAlone() {
        String query = "SELECT ':nope', 'it''s :nope', \"odd:name\", created::date, x -- :nope\n"
                + "FROM t /* :nope */ WHERE a = :yes;";
        NamedParameters p = NamedParameters.parse(query);
        assertThat(p.names()).containsExactly("yes");
        assertThat(p.sql()).isEqualTo("SELECT ':nope', 'it''s :nope', \"odd:name\", created::date, x -- :nope\n"
                + "FROM t /* :nope */ WHERE a = ?");
    }

    @Test
    void aQueryWithoutParametersIsUnchangedButForATrailingSemicolon() {
        assertThat(NamedParameters.parse("  SELECT id FROM t ;; ").sql()).isEqualTo("SELECT id FROM t");
        assertThat(NamedParameters.parse("SELECT a:b FROM t").names()).isEmpty(); // Not a parameter: glued to a name.
    }
}
