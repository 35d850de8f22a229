/**
 * The {@code onnx} model format: ONNX models (exported by scikit-learn, XGBoost, LightGBM, PyTorch,
 * Tribuo) run by ONNX Runtime over the feature pipeline. Start with
 * {@link dev.modeldeploy.onnx.OnnxModel#fromFile(java.nio.file.Path, dev.modeldeploy.api.pipeline.FeatureSpec)};
 * {@link dev.modeldeploy.onnx.OnnxFormat} saves and loads bundles, and
 * {@link dev.modeldeploy.onnx.OnnxOptions} configures the session.
 */
package dev.modeldeploy.onnx;
