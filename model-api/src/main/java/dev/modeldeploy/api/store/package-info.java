/**
 * The {@link dev.modeldeploy.api.store.ModelStore} service interface: storage primitives (create-only
 * writes, atomic replacement, streaming transfer, listing) under a root URI, one backend per scheme.
 */
package dev.modeldeploy.api.store;
