package dev.modeldeploy.testkit;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jackson, as the kit uses it to see records and beans as named fields: the same view users' JSON
 * gets. Thread-safe.
 */
final class KitJson {
    /** Empty beans are allowed: they compare by {@code equals} instead. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private KitJson() {
    }

    /**
     * The serializable properties of a record or bean with their Java values (not JSON values, so that
     * their types can be checked), in Jackson's order; empty if Jackson finds none.
     */
    static Map<String, Object> properties(Object bean) {
        BeanDescription description = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(bean.getClass()));
        Map<String, Object> out = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue; // Write-only: not part of the output.
            }
            // Users' output types are often package-private records in their test or app code.
            accessor.fixAccess(true);
            out.put(property.getName(), accessor.getValue(bean));
        }
        return out;
    }
}
