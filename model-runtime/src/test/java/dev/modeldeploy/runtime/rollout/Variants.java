package dev.modeldeploy.runtime.rollout;

import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;

import java.util.Map;

/** Predictors and deployments over {@link ScriptedModel}s for the rollout tests. */
final class Variants {
    private Variants() {
    }

    static OnlinePredictor<Map<String, Object>, Double> serve(ScriptedModel model) {
        return OnlinePredictor.builder(model).config(OnlinePredictorConfig.builder().warmUpIterations(0).build()).build();
    }

    /** A builder with variants v1 (primary), v2 and v3 of model "eta", units keyed by "user". */
    static Deployment.Builder<Map<String, Object>, Double> threeVersions() {
        return Deployment.builder("eta", "v1", serve(new ScriptedModel("eta", 1)))
                .unitKey(r -> (String) r.get("user"))
                .variant("v2", serve(new ScriptedModel("eta", 2)))
                .variant("v3", serve(new ScriptedModel("eta", 3)));
    }
}
