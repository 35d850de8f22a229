/**
 * The pure-Java engine of the {@code onnx} format: ONNX-ML graphs of linear models and tree ensembles
 * (and their pre- and post-processing) compiled by {@link dev.modeldeploy.onnx.tabular.TabularProgram}
 * into a list of steps over a per-row working memory, reproducing ONNX Runtime's results (its float
 * arithmetic, post transforms and two-class conventions). Graphs are read with the ONNX protobuf
 * classes of {@code tribuo-util-onnx}; an operator, attribute or shape outside what is supported is an
 * {@link dev.modeldeploy.onnx.tabular.UnsupportedGraphException}, on which
 * {@link dev.modeldeploy.onnx.OnnxModel} falls back to ONNX Runtime.
 *
 * <p>Supported: ai.onnx.ml LinearClassifier, LinearRegressor, TreeEnsembleClassifier,
 * TreeEnsembleRegressor (opset 1 and 3, {@code *_as_tensor} attributes), TreeEnsemble (opset 5, without
 * set membership), Scaler, Normalizer, Imputer
 * (floats), Binarizer, ZipMap; ai.onnx MatMul and Gemm with constant weights, Add, Sub, Mul, Div (with
 * a broadcast constant or two equal rows), Sigmoid, Softmax, ArgMax and Concat over columns, Gather of
 * a constant class table, Cast to float or double, Identity, Reshape and Flatten that keep rows,
 * Constant.
 */
package dev.modeldeploy.onnx.tabular;
