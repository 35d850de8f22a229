/**
 * Model bundles: a directory of files plus an inner {@code MODEL.json} manifest (info and every file's
 * size and SHA-256), packed into one tar archive for stores, and unpacked safely.
 */
package dev.modeldeploy.api.bundle;
