package dev.modeldeploy.runtime.rollout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.modeldeploy.runtime.rollout.ScriptedModel.expected;
import static dev.modeldeploy.runtime.rollout.ScriptedModel.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Guards roll a bad candidate back on their own, and tell listeners why. */
class GuardTest {

    private static final class Events implements RolloutListener<Double> {
        final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(RolloutEvent event) {
            events.add(event);
        }
    }

    @Test
    void anInjectedErrorBurstRollsTheCanaryBack() {
        ScriptedModel candidate = new ScriptedModel("eta", 2);
        Events events = new Events();
        var d = Deployment.builder("eta", "v1", Variants.serve(new ScriptedModel("eta", 1)))
                .unitKey(r -> (String) r.get("user"))
                .variant("v2", Variants.serve(candidate))
                .guard(ErrorRateGuard.builder().window(50).minimumRequests(20).maxErrorRate(0.2).build())
                .listener(events)
                .build();
        try (d) {
            d.canary("v2", 0.5);
            int u = 0;
            for (; u < 1000; u++) {
                d.predict(request("user-" + u, 1));
            }
            assertThat(d.policy()).isInstanceOf(RoutingPolicy.Canary.class);

            candidate.failing(true);
            int failed = 0;
            for (; u < 3000; u++) {
                String unit = "user-" + u;
                Throwable error = catchThrowable(() -> d.predict(request(unit, 1)));
                if (error != null) {
                    assertThat(error).hasMessageContaining("injected failure");
                    failed++;
                }
            }
            // the last 50 held no error; more than 20 % of them failing takes 11 errors
            assertThat(failed).isEqualTo(11);
            assertThat(d.policy()).isEqualTo(new RoutingPolicy.Single("eta", "v1"));
            RolloutEvent last = events.events.get(events.events.size() - 1);
            assertThat(last.type()).isEqualTo(RolloutEvent.Type.GUARD_ROLLED_BACK);
            assertThat(last.variant()).isEqualTo("v2");
            assertThat(last.reason()).startsWith("ErrorRateGuard: error rate 22.0% over the last 50 requests");
            assertThat(d.predict(request("user-1", 2)).value()).isEqualTo(expected(1, 2));

            // a new canary of the repaired candidate starts with a clean window
            candidate.failing(false);
            d.canary("v2", 0.5);
            for (int i = 0; i < 500; i++) {
                d.predict(request("user-" + i, 1));
            }
            assertThat(d.policy()).isInstanceOf(RoutingPolicy.Canary.class);
        }
    }

    private static Outcome<Object, Object> outcome(String variant, boolean failed) {
        return new Outcome<>("eta", variant, null, null, failed ? new IllegalStateException("boom") : null, 1000);
    }

    @Test
    void theErrorRateIsJudgedOverTheLastRequestsOnlyAndPerVariant() {
        ErrorRateGuard guard = ErrorRateGuard.builder().window(10).minimumRequests(5).maxErrorRate(0.3).build();
        for (int i = 0; i < 4; i++) {
            assertThat(guard.observe(outcome("v2", true))).as("fewer than 5 seen").isEmpty();
        }
        assertThat(guard.observe(outcome("v3", false))).as("another variant's window").isEmpty();
        assertThat(guard.observe(outcome("v2", false))).get().asString().contains("error rate 80.0% over the last 5 requests");

        guard.reset("v2");
        for (int i = 0; i < 10; i++) {
            assertThat(guard.observe(outcome("v2", false))).isEmpty();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(guard.observe(outcome("v2", true))).as("3 of the last 10: not above 30 %").isEmpty();
        }
        assertThat(guard.observe(outcome("v2", true))).as("4 of the last 10").isPresent();
        assertThatThrownBy(() -> ErrorRateGuard.builder().window(5).minimumRequests(6).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slowCallsRollBackToo() {
        Events events = new Events();
        // every call takes more than a nanosecond: a deterministic way to be "slow" without timing
        try (var d = Variants.threeVersions().listener(events)
                .guard(ErrorRateGuard.builder().window(10).minimumRequests(10).slowCalls(Duration.ofNanos(1), 0.5).build())
                .build()) {
            d.canary("v3", 1.0);
            for (int u = 0; u < 10; u++) {
                assertThat(d.predict(request("user-" + u, 0)).variant()).isEqualTo("v3");
            }
            assertThat(d.predict(request("user-0", 0)).variant()).isEqualTo("v1");
            assertThat(events.events.get(1).reason()).contains("100.0% of the last 10 requests took over 0 ms");
        }
    }

    @Test
    void aGuardOfItsOwnSeesRequestsAndAnswersOfCandidatesOnly() {
        // the shape of a drift guard: it reads the candidate's answers and judges their values
        RolloutGuard<Map<String, Object>, Double> tooHigh = outcome -> {
            assertThat(outcome.variant()).isEqualTo("v2");
            double x = ((Number) outcome.request().get("x")).doubleValue();
            return x > 50 && outcome.answer().value() > 2000 ? Optional.of("answer out of range") : Optional.empty();
        };
        Events events = new Events();
        try (var d = Variants.threeVersions().guard(tooHigh).listener(events).build()) {
            d.canary("v2", 1.0);
            for (int x = 0; x <= 50; x++) {
                assertThat(d.predict(request("u", x)).variant()).isEqualTo("v2");
            }
            assertThat(d.predict(request("u", 51)).variant()).isEqualTo("v2"); // answered, then judged
            assertThat(d.predict(request("u", 52)).variant()).isEqualTo("v1");
            assertThat(events.events).last().extracting(RolloutEvent::reason).asString().endsWith("answer out of range");
        }
    }
}
