/** The local, content-addressed, size-bounded cache of unpacked bundles, shared safely by threads and JVMs. */
package dev.modeldeploy.api.cache;
