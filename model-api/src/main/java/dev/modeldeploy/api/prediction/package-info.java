/**
 * Typed predictions shared by model formats: {@link dev.modeldeploy.api.prediction.Regression} (one
 * number) and {@link dev.modeldeploy.api.prediction.Classification} (a label with class
 * probabilities), each with its output {@link dev.modeldeploy.api.schema.Schema}.
 */
package dev.modeldeploy.api.prediction;
