/**
 * The built-in {@code linear} model format: linear regression and logistic regression (binary,
 * multinomial softmax, one-vs-rest) over a {@link dev.modeldeploy.api.pipeline.FeaturePipeline}, in
 * pure Java. Build one from a trained model's weights with {@link dev.modeldeploy.api.linear.LinearModel}'s
 * builders; {@link dev.modeldeploy.api.linear.LinearFormat} saves and loads it.
 */
package dev.modeldeploy.api.linear;
