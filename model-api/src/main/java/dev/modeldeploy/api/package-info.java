/**
 * The model contract: {@link dev.modeldeploy.api.Model}, its {@link dev.modeldeploy.api.ModelInfo},
 * and the batch containers that keep the batch path free of per-row objects.
 */
package dev.modeldeploy.api;
