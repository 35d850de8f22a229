package dev.modeldeploy.examples.recommendations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Made-up shop users spread over a few time zones, each with a favourite category that they browse far
 * more than the others. Deterministic, so reruns see the same users.
 */
final class SyntheticUsers {
    static final List<String> TIME_ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo", "America/Sao_Paulo");

    private SyntheticUsers() {
    }

    /** {@code count} users with ids {@code 1 … count}, round-robin over the time zones. */
    static List<Map<String, Object>> create(int count) {
        Random random = new Random(count);
        List<Map<String, Object>> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("user_id", (long) i + 1);
            user.put("timezone", TIME_ZONES.get(i % TIME_ZONES.size()));
            int favourite = random.nextInt(Catalog.CATEGORIES.size());
            for (int c = 0; c < Catalog.CATEGORIES.size(); c++) {
                int views = c == favourite ? 15 + random.nextInt(40) : random.nextInt(6);
                user.put(Catalog.viewsColumn(Catalog.CATEGORIES.get(c)), views);
            }
            users.add(user);
        }
        return users;
    }
}
