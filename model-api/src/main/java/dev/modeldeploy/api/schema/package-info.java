/** Schemas of raw input records and of predictions: field names, logical types and nullability. */
package dev.modeldeploy.api.schema;
