/**
 * How {@link dev.modeldeploy.runtime.online.OnlinePredictor} works: reference-counted model versions
 * in two slots (current, previous), the micro-batcher and its dispatchers, pending requests that are
 * claimed by whoever answers first (the model or the deadline), and warm-up. Not part of the API: it
 * may change in any release.
 */
package dev.modeldeploy.runtime.online.internal;
