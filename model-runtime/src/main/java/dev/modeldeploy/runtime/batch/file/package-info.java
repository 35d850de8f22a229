/** File sources and sinks for the batch runner: CSV and JSON-Lines, streamed. */
package dev.modeldeploy.runtime.batch.file;
