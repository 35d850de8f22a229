package dev.modeldeploy.api.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.modeldeploy.api.error.FeatureSpecException;
import dev.modeldeploy.api.internal.StrictJson;

/** Strict reading and writing of {@link FeatureSpec} JSON. */
final class SpecJson {
    private SpecJson() {
    }

    static FeatureSpec read(String json) {
        try {
            FeatureSpec spec = StrictJson.MAPPER.readValue(json, FeatureSpec.class);
            if (spec == null) {
                throw new FeatureSpecException("", "the document is empty (null)");
            }
            return spec;
        } catch (JsonProcessingException e) {
            String location = StrictJson.location(e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof FeatureSpecException spec) {
                    return rethrow(spec.under(location));
                }
            }
            throw new FeatureSpecException(location, StrictJson.problem(e, "transform type", Transform.typeNames()), e);
        }
    }

    private static FeatureSpec rethrow(FeatureSpecException e) {
        throw e;
    }

    static String write(FeatureSpec spec) {
        return StrictJson.write(spec);
    }
}
