/** The workings of {@link dev.modeldeploy.runtime.rollout.Deployment}; not part of the API. */
package dev.modeldeploy.runtime.rollout.internal;
