/**
 * The typed errors of modeldeploy. All extend {@link dev.modeldeploy.api.error.ModelException}; each
 * subtype names one situation a caller can act on.
 */
package dev.modeldeploy.api.error;
