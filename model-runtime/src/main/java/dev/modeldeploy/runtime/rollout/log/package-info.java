/**
 * The assignment log of a {@link dev.modeldeploy.runtime.rollout.Deployment}: every routed request,
 * sampled, written off the request thread through a bounded queue
 * ({@link dev.modeldeploy.runtime.rollout.log.AssignmentLog}) to a pluggable
 * {@link dev.modeldeploy.runtime.rollout.log.AssignmentSink}: a JSON Lines file or a database table.
 */
package dev.modeldeploy.runtime.rollout.log;
