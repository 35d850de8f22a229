/**
 * The {@code gs:} model store on Google Cloud Storage: {@link dev.modeldeploy.storage.gcs.GcsModelStore},
 * its configuration {@link dev.modeldeploy.storage.gcs.GcsStoreConfig}, and the
 * {@link dev.modeldeploy.storage.gcs.GcsModelStoreProvider} that {@code ModelRepository} finds through
 * {@link java.util.ServiceLoader}.
 */
package dev.modeldeploy.storage.gcs;
