package dev.modeldeploy.runtime.monitor;

import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.OnlinePredictorConfig;
import dev.modeldeploy.runtime.rollout.Deployment;
import dev.modeldeploy.runtime.rollout.RolloutEvent;
import dev.modeldeploy.runtime.rollout.RolloutListener;
import dev.modeldeploy.runtime.rollout.RoutingPolicy;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A canary whose live inputs drift from its training baseline is rolled back by the drift guard. */
class DriftGuardTest {

    @Test
    void aDriftingCanaryIsRolledBackAndANewExperimentStartsClean() {
        Random random = new Random(11);
        WeightedSumModel primary = WeightedSumModel.of("scores", Map.of("x", 2f), 1f);
        WeightedSumModel candidate = WeightedSumModel.of("scores-candidate", Map.of("x", 2f), 1f);
        DriftGuard guard = new DriftGuard();
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        // Windows are evaluated on the recording thread, so an alert is there when the request returns.
        try (DriftMonitor monitor = DriftMonitor.of(candidate.info().name(), candidate.info().version(),
                Samples.baseline(5000, random), DriftConfig.builder().window(WindowSpec.tumblingRecords(400))
                        .executor(Runnable::run).listener(guard).build());
             Deployment<Map<String, Object>, Double> d = Deployment.builder("scores", "v1", serve(primary, null))
                     .unitKey(r -> (String) r.get("user"))
                     .variant("v2", serve(candidate, monitor))
                     .guard(guard)
                     .listener(new RolloutListener<>() {
                         @Override
                         public void onEvent(RolloutEvent event) {
                             events.add(event);
                         }
                     })
                     .build()) {
            d.canary("v2", 0.5);
            int user = 0;
            // Live traffic like the training data: the candidate serves its half, window after window.
            for (; user < 4000; user++) {
                d.predict(request(user, random.nextGaussian()));
            }
            assertThat(d.policy()).isInstanceOf(RoutingPolicy.Canary.class);
            assertThat(guard.alert(candidate.info().name(), candidate.info().version())).isEmpty();

            // The world shifts: the candidate's next full window drifts, and its next request rolls it back.
            int servedByCandidate = 0;
            for (; user < 8000 && d.policy() instanceof RoutingPolicy.Canary; user++) {
                if (d.predict(request(user, 1.5 + random.nextGaussian())).variant().equals("v2")) {
                    servedByCandidate++;
                }
            }
            assertThat(d.policy()).isEqualTo(new RoutingPolicy.Single("scores", "v1"));
            // Caught within two windows of the shift (the first may still hold unshifted records).
            assertThat(servedByCandidate).isBetween(1, 800);
            RolloutEvent rolledBack = events.get(events.size() - 1);
            assertThat(rolledBack.type()).isEqualTo(RolloutEvent.Type.GUARD_ROLLED_BACK);
            assertThat(rolledBack.variant()).isEqualTo("v2");
            assertThat(rolledBack.reason()).startsWith("DriftGuard: drift in scores-candidate/");
            // The rollback reset the guard for v2: a new canary of it is not rolled back on its first answer.
            assertThat(guard.alert(candidate.info().name(), candidate.info().version())).isEmpty();
            d.canary("v2", 0.5);
            for (int i = 0; i < 100; i++) {
                d.predict(request(user++, random.nextGaussian()));
            }
            assertThat(d.policy()).isInstanceOf(RoutingPolicy.Canary.class);
        }
    }

    private static OnlinePredictor<Map<String, Object>, Double> serve(WeightedSumModel model, DriftMonitor monitor) {
        OnlinePredictorConfig.Builder config = OnlinePredictorConfig.builder().warmUpIterations(0);
        if (monitor != null) {
            config.listener(monitor.predictorListener());
        }
        return OnlinePredictor.builder(model).config(config.build()).build();
    }

    private static Map<String, Object> request(int user, double x) {
        Map<String, Object> r = new HashMap<>();
        r.put("user", "user-" + user);
        r.put("x", x);
        return r;
    }
}
