/** The nightly lead-scoring job as a Spark application, runnable with {@code spark-submit}. */
package dev.modeldeploy.spark.example;
