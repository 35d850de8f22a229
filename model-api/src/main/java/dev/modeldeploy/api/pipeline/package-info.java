/**
 * The feature pipeline: a declarative {@link dev.modeldeploy.api.pipeline.FeatureSpec} (JSON in a
 * model's bundle) compiled once into a {@link dev.modeldeploy.api.pipeline.FeaturePipeline} that turns
 * raw records (maps, Java records and beans, rows: see {@link dev.modeldeploy.api.pipeline.RecordType})
 * into dense {@code float[]} feature vectors, validating them against the input schema.
 * {@link dev.modeldeploy.api.pipeline.PipelineModel} is the base of formats built on it.
 */
package dev.modeldeploy.api.pipeline;
