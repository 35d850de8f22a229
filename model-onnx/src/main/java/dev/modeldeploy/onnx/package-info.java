/**
 * The {@code onnx} model format: ONNX models (exported by scikit-learn, XGBoost, LightGBM, PyTorch,
 * Tribuo) run over the feature pipeline, by a pure-Java evaluator for linear models and tree ensembles
 * ({@link dev.modeldeploy.onnx.tabular}) and by ONNX Runtime for everything else. Start with
 * {@link dev.modeldeploy.onnx.OnnxModel#fromFile(java.nio.file.Path, dev.modeldeploy.api.pipeline.FeatureSpec)};
 * {@link dev.modeldeploy.onnx.OnnxFormat} saves and loads bundles, and
 * {@link dev.modeldeploy.onnx.OnnxOptions} configures the session.
 */
package dev.modeldeploy.onnx;
