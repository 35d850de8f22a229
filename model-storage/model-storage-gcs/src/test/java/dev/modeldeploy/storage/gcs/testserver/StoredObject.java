package dev.modeldeploy.storage.gcs.testserver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** One live object generation: its metadata in memory, its bytes in {@code file}. */
record StoredObject(String bucket, String name, long generation, long metageneration, long size, String crc32c,
                    String md5, String contentType, Map<String, String> metadata, Instant created, Path file) {
}
