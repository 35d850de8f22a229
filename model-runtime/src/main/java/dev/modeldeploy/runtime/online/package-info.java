/**
 * The online runtime: {@link dev.modeldeploy.runtime.online.OnlinePredictor}, a thread-safe predictor
 * for services, configured with an immutable {@link dev.modeldeploy.runtime.online.OnlinePredictorConfig}.
 *
 * <ul>
 *   <li>per-request deadlines, answered with a {@link dev.modeldeploy.runtime.online.PredictionTimeoutException}
 *       or a {@link dev.modeldeploy.runtime.online.Fallback};</li>
 *   <li>optional micro-batching of concurrent requests behind a bounded queue
 *       ({@link dev.modeldeploy.runtime.online.OverloadedException} when it is full);</li>
 *   <li>request enrichment before the model ({@link dev.modeldeploy.runtime.online.RequestEnricher}, once
 *       per micro-batch);</li>
 *   <li>hot swap and rollback of the model with reference-counted versions, every answer saying which
 *       version computed it ({@link dev.modeldeploy.runtime.online.Prediction});</li>
 *   <li>warm-up with the bundle's input example, and metrics through
 *       {@link dev.modeldeploy.runtime.online.PredictorListener} or Micrometer
 *       ({@link dev.modeldeploy.runtime.online.PredictorMetrics}).</li>
 * </ul>
 *
 * <p>The implementation lives in {@code internal}, which is not part of the API.
 */
package dev.modeldeploy.runtime.online;
