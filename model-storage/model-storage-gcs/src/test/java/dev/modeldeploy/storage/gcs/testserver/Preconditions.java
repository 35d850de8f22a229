package dev.modeldeploy.storage.gcs.testserver;

import java.util.Map;

/** The {@code if(Meta)Generation(Not)Match} query parameters of a request. */
record Preconditions(Long ifGenerationMatch, Long ifGenerationNotMatch, Long ifMetagenerationMatch, Long ifMetagenerationNotMatch) {

    static Preconditions from(Map<String, String> query) {
        return new Preconditions(number(query, "ifGenerationMatch"), number(query, "ifGenerationNotMatch"),
                number(query, "ifMetagenerationMatch"), number(query, "ifMetagenerationNotMatch"));
    }

    private static Long number(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Invalid value for " + name + ": " + v);
        }
    }

    /** Throws 412 unless these hold for {@code current} (null: no live object, whose generation counts as 0). */
    void check(StoredObject current) {
        long generation = current == null ? 0 : current.generation();
        if (ifGenerationMatch != null && ifGenerationMatch != generation) {
            throw HttpError.preconditionFailed();
        }
        if (ifGenerationNotMatch != null && ifGenerationNotMatch == generation) {
            throw HttpError.preconditionFailed();
        }
        if (current == null && (ifMetagenerationMatch != null || ifMetagenerationNotMatch != null)) {
            throw HttpError.preconditionFailed();
        }
        if (current != null && ifMetagenerationMatch != null && ifMetagenerationMatch != current.metageneration()) {
            throw HttpError.preconditionFailed();
        }
        if (current != null && ifMetagenerationNotMatch != null && ifMetagenerationNotMatch == current.metageneration()) {
            throw HttpError.preconditionFailed();
        }
    }
}
