package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.SchemaViolationException;
import dev.modeldeploy.api.schema.FieldType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.modeldeploy.api.pipeline.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampFeatureTest {

    /** Features [hour, dayOfWeek] of input "at" in a zone. */
    private static Preprocessor<Map<String, Object>> hourAndDay(String zone) {
        return FeatureSpec.builder()
                .input(InputField.required("at", FieldType.TIMESTAMP))
                .feature(Feature.named("hour", "at", Transform.hourOfDay(zone)))
                .feature(Feature.named("day", "at", Transform.dayOfWeek(zone)))
                .build().compile().forMaps();
    }

    private static float[] at(Preprocessor<Map<String, Object>> p, Object when) {
        return p.apply(rec("at", when));
    }

    @Test
    void utcIsTheDefaultZone() {
        FeatureSpec spec = FeatureSpec.fromJson("""
                {"version": 1, "inputs": [{"name": "at", "type": "TIMESTAMP"}],
                 "features": [{"name": "h", "input": "at", "transforms": [{"type": "hourOfDay"}]}]}""");
        assertThat(spec.compile().forMaps().apply(rec("at", Instant.parse("2024-07-01T23:59:59Z")))).containsExactly(23f);
    }

    @Test
    void hourOfDayFollowsTheLocalClockAcrossTheSpringDaylightSavingChange() {
        Preprocessor<Map<String, Object>> berlin = hourAndDay("Europe/Berlin");
        // 2024-03-31: at 01:00 UTC Berlin's clocks jump from 02:00 CET to 03:00 CEST; local 02:xx never happens.
        assertThat(at(berlin, Instant.parse("2024-03-31T00:59:59Z"))[0]).isEqualTo(1f);
        assertThat(at(berlin, Instant.parse("2024-03-31T01:00:00Z"))[0]).isEqualTo(3f);
        assertThat(at(berlin, Instant.parse("2024-03-30T01:00:00Z"))[0]).isEqualTo(2f); // the day before: CET, +1
    }

    @Test
    void hourOfDayRepeatsAnHourAcrossTheAutumnChange() {
        Preprocessor<Map<String, Object>> berlin = hourAndDay("Europe/Berlin");
        // 2024-10-27: at 01:00 UTC clocks go back from 03:00 CEST to 02:00 CET; local 02:30 happens twice.
        assertThat(at(berlin, Instant.parse("2024-10-27T00:30:00Z"))[0]).isEqualTo(2f);
        assertThat(at(berlin, Instant.parse("2024-10-27T01:30:00Z"))[0]).isEqualTo(2f);
        assertThat(at(berlin, Instant.parse("2024-10-27T02:30:00Z"))[0]).isEqualTo(3f);
        Preprocessor<Map<String, Object>> newYork = hourAndDay("America/New_York");
        // 2024-11-03: New York goes back at 06:00 UTC (02:00 EDT -> 01:00 EST).
        assertThat(at(newYork, Instant.parse("2024-11-03T05:30:00Z"))[0]).isEqualTo(1f);
        assertThat(at(newYork, Instant.parse("2024-11-03T06:30:00Z"))[0]).isEqualTo(1f);
    }

    @Test
    void dayOfWeekIsMondayZeroInTheNamedZone() {
        Instant sundayNightUtc = Instant.parse("2024-03-31T22:30:00Z"); // Sunday in UTC, Monday 00:30 in Berlin
        assertThat(at(hourAndDay("UTC"), sundayNightUtc)).containsExactly(22f, 6f);
        assertThat(at(hourAndDay("Europe/Berlin"), sundayNightUtc)).containsExactly(0f, 0f);
        assertThat(at(hourAndDay("UTC"), Instant.parse("2024-04-03T12:00:00Z"))).containsExactly(12f, 2f); // Wednesday
    }

    @Test
    void fixedOffsetsAndInstantsBefore1970() {
        assertThat(at(hourAndDay("+05:30"), Instant.parse("2024-01-01T00:00:00Z"))).containsExactly(5f, 0f); // Monday
        assertThat(at(hourAndDay("UTC"), Instant.parse("1969-12-31T23:30:00Z"))).containsExactly(23f, 2f); // Wednesday
        assertThat(at(hourAndDay("UTC"), -1L)).containsExactly(23f, 2f); // one millisecond before the epoch
    }

    @Test
    void agreesWithJavaTimeForRandomInstantsAndZones() {
        Random random = new Random(42);
        for (String zone : List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham")) {
            Preprocessor<Map<String, Object>> p = hourAndDay(zone);
            for (int i = 0; i < 2_000; i++) {
                // 1900 .. 2100
                Instant instant = Instant.ofEpochSecond(-2_208_988_800L + (long) (random.nextDouble() * 6_311_390_400L));
                ZonedDateTime local = instant.atZone(ZoneId.of(zone));
                assertThat(at(p, instant)).as("%s in %s", instant, zone)
                        .containsExactly(local.getHour(), local.getDayOfWeek().getValue() - 1);
            }
        }
    }

    @Test
    void acceptsEveryDocumentedFormOfAnInstant() {
        Preprocessor<Map<String, Object>> p = hourAndDay("Europe/Berlin");
        Instant instant = Instant.parse("2024-06-05T10:15:30Z"); // Wednesday, 12:15 in Berlin
        float[] expected = {12f, 2f};
        assertThat(at(p, instant)).containsExactly(expected);
        assertThat(at(p, instant.toEpochMilli())).containsExactly(expected);
        assertThat(at(p, OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(-7)))).containsExactly(expected);
        assertThat(at(p, instant.atZone(ZoneId.of("Asia/Tokyo")))).containsExactly(expected);
        assertThat(at(p, Date.from(instant))).containsExactly(expected);
        assertThat(at(p, java.sql.Timestamp.from(instant))).containsExactly(expected);
        assertThat(at(p, "2024-06-05T10:15:30Z")).containsExactly(expected);
        assertThat(at(p, "2024-06-05T12:15:30+02:00")).containsExactly(expected);
        assertThat(at(p, "2024-06-05T12:15:30.250+02:00[Europe/Berlin]")).containsExactly(expected);
        assertThat(at(hourAndDay("UTC"), 3_600_000)).containsExactly(1f, 3f); // an Integer of epoch millis
    }

    @Test
    void refusesValuesThatNameNoInstant() {
        Preprocessor<Map<String, Object>> p = hourAndDay("UTC");
        assertThatThrownBy(() -> at(p, LocalDateTime.of(2024, 6, 5, 10, 15)))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("field 'at'").hasMessageContaining("LocalDateTime has no zone");
        assertThatThrownBy(() -> at(p, "2024-06-05T10:15:30"))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("\"2024-06-05T10:15:30\"").hasMessageContaining("no offset");
        assertThatThrownBy(() -> at(p, "yesterday"))
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> at(p, 1.7e12))
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining("field 'at'");
        assertThatThrownBy(() -> at(p, null))
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining("required");
    }

    @Test
    void aMissingTimestampIsAMissingNumber() {
        Preprocessor<Map<String, Object>> p = FeatureSpec.builder()
                .input(InputField.nullable("at", FieldType.TIMESTAMP))
                .feature(Feature.named("hour", "at", Transform.hourOfDay("UTC"), Transform.imputeConstant(12)))
                .feature(Feature.named("day", "at", Transform.dayOfWeek("UTC")))
                .build().compile().forMaps();
        float[] out = p.apply(rec("at", null));
        assertThat(out[0]).isEqualTo(12f);
        assertThat(out[1]).isNaN();
    }

    @Test
    void derivedNumbersTakeFurtherSteps() {
        Preprocessor<Map<String, Object>> p = FeatureSpec.builder()
                .input(InputField.required("at", FieldType.TIMESTAMP))
                .feature(Feature.named("hour", "at", Transform.hourOfDay("UTC"), Transform.minMax(0, 23)))
                .build().compile().forMaps();
        assertThat(p.apply(rec("at", "2024-06-05T23:00:00Z"))).containsExactly(1f);
    }
}
