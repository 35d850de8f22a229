/** The {@link dev.modeldeploy.api.format.ModelFormat} service interface: saving models to bundles and loading them back. */
package dev.modeldeploy.api.format;
