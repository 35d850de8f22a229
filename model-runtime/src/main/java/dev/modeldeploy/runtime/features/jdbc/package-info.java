/**
 * Feature lookup in a database: {@link dev.modeldeploy.runtime.features.jdbc.JdbcFeatureSource} reads a
 * precomputed table with batched {@code IN} lookups, and
 * {@link dev.modeldeploy.runtime.features.jdbc.JdbcSnapshotLoader} loads a whole query into a
 * {@link dev.modeldeploy.runtime.features.SnapshotFeatureSource}. Plain {@code java.sql}: users bring
 * their own JDBC driver and connection pool. Tested with PostgreSQL and SQLite.
 */
package dev.modeldeploy.runtime.features.jdbc;
