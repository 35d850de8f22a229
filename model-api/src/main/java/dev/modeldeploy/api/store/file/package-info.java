/** The {@code file:} model store: a local or mounted folder. */
package dev.modeldeploy.api.store.file;
