/**
 * Distributed batch inference on Apache Spark: {@link dev.modeldeploy.spark.SparkScorer} scores a
 * {@code Dataset<Row>} with any modeldeploy model named by URI, {@link dev.modeldeploy.spark.ModelUdfs}
 * registers a model as a Spark SQL function, and {@link dev.modeldeploy.spark.ExecutorModels} keeps one
 * loaded model per executor JVM, so that only a {@link dev.modeldeploy.spark.ModelSource} (a URI and
 * options) crosses Spark's serialization boundary.
 */
package dev.modeldeploy.spark;
