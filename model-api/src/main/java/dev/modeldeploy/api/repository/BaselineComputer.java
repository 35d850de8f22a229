package dev.modeldeploy.api.repository;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.api.Model;

import java.util.List;
import java.util.Map;

/**
 * Computes a model's training baseline (the distributions of its inputs and outputs on a sample of
 * training rows) when it is published with {@link PublishOptions.Builder#trainingSample(List)}. The
 * monitoring module provides one through {@link java.util.ServiceLoader}; the baseline is stored in
 * {@link dev.modeldeploy.api.ModelInfo#baseline()}, inside the bundle's integrity check.
 * Implementations must be thread-safe.
 */
public interface BaselineComputer {
    /**
     * @param model  the model being published
     * @param sample training rows as field maps
     * @return the baseline document
     */
    JsonNode compute(Model<?, ?, ?> model, List<Map<String, Object>> sample);
}
