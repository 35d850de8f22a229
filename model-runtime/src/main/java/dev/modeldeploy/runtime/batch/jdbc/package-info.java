/**
 * The batch runner's database side: {@link dev.modeldeploy.runtime.batch.jdbc.JdbcSource} reads a
 * query with bound parameters in keyset-paged chunks, {@link dev.modeldeploy.runtime.batch.jdbc.JdbcSink}
 * upserts predictions and rejects and keeps the run ledger ({@code modeldeploy_runs},
 * {@code modeldeploy_run_chunks}) in the same transaction as each chunk, so reruns and resumes of a
 * run key never duplicate or lose a row. Both connect through a {@link dev.modeldeploy.runtime.batch.jdbc.JdbcDatabase}.
 *
 * <p>Tested with PostgreSQL, SQLite and H2; other databases use a generic dialect (delete-then-insert
 * upserts, {@code FETCH FIRST} paging). Users bring their own JDBC driver.
 */
package dev.modeldeploy.runtime.batch.jdbc;
