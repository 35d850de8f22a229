/** The online runtime: a thread-safe predictor for services, with request enrichment, micro-batching, deadlines and hot swap. */
package dev.modeldeploy.runtime.online;
