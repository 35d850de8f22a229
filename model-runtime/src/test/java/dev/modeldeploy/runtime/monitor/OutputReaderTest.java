package dev.modeldeploy.runtime.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A prediction that is a record of its own: its numbers and texts are signals, its dates and times are not. */
class OutputReaderTest {
    record Eta(double minutes, String route, Instant arrival, LocalDate day, Duration dwell) {
    }

    private static final Eta ETA = new Eta(30.5, "A9", Instant.parse("2026-11-22T02:30:00Z"), LocalDate.of(2026, 11, 22),
            Duration.ofSeconds(90));

    @Test
    void datesAndTimesAreNoSignalsSinceTheyOnlyGrowButADurationIsANumberOfSeconds() {
        Map<String, SignalKind> expected = new LinkedHashMap<>();
        expected.put("minutes", SignalKind.NUMERIC);
        expected.put("route", SignalKind.CATEGORICAL);
        expected.put("dwell", SignalKind.NUMERIC);
        assertThat(OutputReader.describe(ETA)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void aPredictionWithDatesAndTimesIsReadForItsOtherValues() {
        List<String> seen = new ArrayList<>();
        ValueSink sink = new ValueSink() {
            @Override
            public void number(int slot, double value) {
                seen.add(slot + "=" + value);
            }

            @Override
            public void category(int slot, String value) {
                seen.add(slot + "=" + value);
            }

            @Override
            public void missing(int slot) {
                seen.add(slot + " missing");
            }
        };
        // A baseline made before the output had a time field may still name one: it reads as missing.
        new OutputReader(Map.of("minutes", 0, "route", 1, "dwell", 2, "arrival", 3)).read(ETA, sink);
        assertThat(seen).containsExactlyInAnyOrder("0=30.5", "1=A9", "2=90.0", "3 missing");
    }
}
