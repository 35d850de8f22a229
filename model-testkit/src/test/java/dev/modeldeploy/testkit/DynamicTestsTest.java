package dev.modeldeploy.testkit;

import dev.modeldeploy.api.testing.WeightedSumModel;
import dev.modeldeploy.testkit.models.SumFormat;
import dev.modeldeploy.testkit.models.SumModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.modeldeploy.testkit.models.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * How JUnit reports {@link ModelTestKit#dynamicTests()}: one test per check, failures and skips
 * where they belong. The scenario classes are nested, so the build's test run does not pick them up.
 */
class DynamicTestsTest {
    private static final List<Map<String, Object>> SAMPLES = List.of(record("visits", 1, "emails", 2), record("visits", 3, "emails", 4));

    static final class Healthy {
        @TestFactory
        Stream<DynamicTest> kit() {
            return ModelTestKit.forModel(WeightedSumModel.of("healthy", Map.of("visits", 1f, "emails", 2f), 0f))
                    .samples(SAMPLES).invalidSample(record("emails", 1), "visits").dynamicTests();
        }
    }

    /** No output schema, no invalid samples: two checks have nothing to check. */
    static final class NothingDeclared {
        @TestFactory
        Stream<DynamicTest> kit() {
            SumModel model = new SumModel(new SumModel("test-sum", List.of("visits", "emails"), 0).info().toBuilder()
                    .outputSchema(dev.modeldeploy.api.schema.Schema.empty()).build(), List.of("visits", "emails"), 0);
            return ModelTestKit.forModel(model).samples(SAMPLES).format(SumFormat.faithful()).dynamicTests();
        }
    }

    static final class BrokenBatch {
        @TestFactory
        Stream<DynamicTest> kit() {
            return ModelTestKit.forModel(new BrokenModelsTest.ForgetsBiasInBatch()).samples(SAMPLES)
                    .skip(Check.ROUND_TRIP).dynamicTests();
        }
    }

    private static Events run(Class<?> scenario) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(scenario)).execute().testEvents();
    }

    private static List<String> names(Events events) {
        return events.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    @Test
    void eachCheckIsItsOwnPassingTest() {
        Events events = run(Healthy.class);
        events.assertStatistics(s -> s.started(5).succeeded(5).failed(0).aborted(0));
        assertThat(names(events.succeeded())).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Check.values()).map(Check::displayName).toList());
    }

    @Test
    void checksWithNothingToCheckAreSkippedWithTheReason() {
        Events events = run(NothingDeclared.class);
        events.assertStatistics(s -> s.started(5).succeeded(3).aborted(2).failed(0));
        assertThat(names(events.aborted())).containsExactlyInAnyOrder(
                Check.OUTPUT_SCHEMA.displayName(), Check.INPUT_VALIDATION.displayName());
        assertThat(events.aborted().stream().map(DynamicTestsTest::throwableMessage))
                .anySatisfy(m -> assertThat(m).contains("declares no output schema"))
                .anySatisfy(m -> assertThat(m).contains("no invalid samples were given"));
    }

    @Test
    void onlyTheBrokenCheckFailsAndSkippedChecksAreLeftOut() {
        Events events = run(BrokenBatch.class);
        events.assertStatistics(s -> s.started(4).failed(1).succeeded(2).aborted(1));
        Event failed = events.failed().stream().findFirst().orElseThrow();
        assertThat(failed.getTestDescriptor().getDisplayName()).isEqualTo(Check.BATCH_PARITY.displayName());
        assertThat(throwableMessage(failed)).contains("sample 1 {visits=3, emails=4}: the batch path");
        assertThat(names(events.started())).doesNotContain(Check.ROUND_TRIP.displayName());
    }

    private static String throwableMessage(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }
}
