package dev.modeldeploy.examples.leadscoring;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Made-up leads that behave like real ones: more site visits and opened emails, some countries and
 * office hours make a lead likelier to convert. Deterministic for a date, so reruns see the same leads.
 */
final class SyntheticLeads {
    static final List<String> COUNTRIES = List.of("DE", "FR", "NL", "US", "IN");
    private static final double[] COUNTRY_EFFECT = {0.4, 0.1, 0.3, 0.6, -0.5};

    private SyntheticLeads() {
    }

    /** {@code count} leads created on {@code date}, ids starting at {@code firstId}. */
    static List<Map<String, Object>> forDate(LocalDate date, int count, long firstId) {
        Random random = new Random(date.toEpochDay() * 31 + count);
        List<Map<String, Object>> leads = new ArrayList<>(count);
        Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < count; i++) {
            Map<String, Object> lead = new LinkedHashMap<>();
            lead.put("lead_id", firstId + i);
            lead.put("created_date", date.toString());
            lead.put("visits", Math.max(0, (int) Math.round(Math.exp(random.nextGaussian() * 0.9 + 1.2))));
            lead.put("emails_opened", random.nextInt(8));
            lead.put("country", COUNTRIES.get(random.nextInt(COUNTRIES.size())));
            lead.put("created_at", dayStart.plusSeconds(random.nextInt(86_400)).toString());
            leads.add(lead);
        }
        return leads;
    }

    /** Whether a lead converted, drawn from the "true" behaviour the model should learn. */
    static boolean converted(Map<String, Object> lead, Random random) {
        double visits = Math.log1p(((Number) lead.get("visits")).doubleValue());
        double emails = ((Number) lead.get("emails_opened")).doubleValue();
        int hour = Instant.parse((String) lead.get("created_at")).atZone(ZoneOffset.UTC).getHour();
        double officeHours = hour >= 8 && hour < 18 ? 0.5 : -0.3;
        double score = -3.0 + 1.1 * visits + 0.35 * emails + COUNTRY_EFFECT[COUNTRIES.indexOf((String) lead.get("country"))] + officeHours;
        return random.nextDouble() < 1 / (1 + Math.exp(-score));
    }
}
