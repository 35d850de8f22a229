/**
 * Publishing and loading: {@link dev.modeldeploy.api.repository.ModelRepository} (versions, aliases,
 * the cache), {@link dev.modeldeploy.api.repository.ModelUri} and
 * {@link dev.modeldeploy.api.repository.PublishOptions}.
 */
package dev.modeldeploy.api.repository;
