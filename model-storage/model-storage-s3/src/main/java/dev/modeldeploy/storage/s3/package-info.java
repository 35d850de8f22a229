/**
 * The {@code s3:} model store: models in Amazon S3 or any S3-compatible server (MinIO, Ceph, Cloudflare
 * R2), on the AWS SDK for Java v2. Put this module on the class path and {@code s3://bucket/prefix/name}
 * URIs work; {@link dev.modeldeploy.storage.s3.S3StoreConfig} lists the settings.
 */
package dev.modeldeploy.storage.s3;
