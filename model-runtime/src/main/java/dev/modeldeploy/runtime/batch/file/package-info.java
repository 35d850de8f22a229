/** File sources and sinks for the batch runner: CSV and JSON-Lines, streamed; and {@link dev.modeldeploy.runtime.batch.file.SampleFile}, which reads a small file whole (a training sample). */
package dev.modeldeploy.runtime.batch.file;
