package dev.modeldeploy.api.pipeline;

import dev.modeldeploy.api.error.ModelException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads instances of a Java record or bean through method handles on its accessors. Only ever
 * inspects a class the caller passed in code; the handles are built once per class.
 */
final class ClassRecordType<R> implements RecordType<R> {
    private static final ClassValue<Map<String, Property>> PROPERTIES = new ClassValue<>() {
        @Override
        protected Map<String, Property> computeValue(Class<?> type) {
            return properties(type, null);
        }
    };
    private static final MethodHandle BOOLEAN_TO_DOUBLE;

    static {
        try {
            BOOLEAN_TO_DOUBLE = MethodHandles.lookup().findStatic(ClassRecordType.class, "booleanToDouble",
                    MethodType.methodType(double.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One readable property: its declared type and handles reading it boxed, as a double and as a long. */
    private record Property(String name, Class<?> type, MethodHandle boxed, MethodHandle asDouble, MethodHandle asLong) {
    }

    private final Class<R> type;
    private final Map<String, Property> properties;

    private ClassRecordType(Class<R> type, Map<String, Property> properties) {
        this.type = type;
        this.properties = properties;
    }

    static <R> ClassRecordType<R> of(Class<R> type) {
        return new ClassRecordType<>(type, PROPERTIES.get(type));
    }

    static <R> ClassRecordType<R> of(Class<R> type, MethodHandles.Lookup lookup) {
        return new ClassRecordType<>(type, properties(type, lookup));
    }

    @SuppressWarnings("unused") // Called through BOOLEAN_TO_DOUBLE.
    private static double booleanToDouble(boolean b) {
        return b ? 1.0 : 0.0;
    }

    private static Map<String, Property> properties(Class<?> type, MethodHandles.Lookup lookup) {
        if (type.isPrimitive() || type.isArray() || type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not a record or bean class");
        }
        Map<String, Property> out = new TreeMap<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                out.put(c.getName(), property(c.getName(), c.getAccessor(), lookup));
            }
        } else {
            for (Method m : type.getMethods()) {
                String name = beanProperty(m);
                if (name != null) {
                    out.put(name, property(name, m, lookup));
                }
            }
        }
        return java.util.Collections.unmodifiableMap(out); // Sorted, for messages.
    }

    /** The JavaBeans property a public getter reads, or null if it is not a getter. */
    private static String beanProperty(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() == void.class
                || m.getDeclaringClass() == Object.class) {
            return null;
        }
        String n = m.getName();
        String rest;
        if (n.startsWith("get") && n.length() > 3) {
            rest = n.substring(3);
        } else if (n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
            rest = n.substring(2);
        } else {
            return null;
        }
        if (rest.length() > 1 && Character.isUpperCase(rest.charAt(0)) && Character.isUpperCase(rest.charAt(1))) {
            return rest; // "URL" stays "URL", as java.beans.Introspector.decapitalize does.
        }
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    private static Property property(String name, Method accessor, MethodHandles.Lookup lookup) {
        MethodHandle mh;
        try {
            if (lookup != null) {
                mh = lookup.unreflect(accessor);
            } else {
                // A public accessor of a class that is not public (a nested record) needs this; it is
                // allowed for classes on the class path and in packages opened to this library.
                accessor.trySetAccessible();
                mh = MethodHandles.lookup().unreflect(accessor);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read " + accessor.getDeclaringClass().getName() + "." + accessor.getName()
                    + "(): open its package to dev.modeldeploy.api, or pass MethodHandles.lookup() to RecordType.of(type, lookup)", e);
        }
        Class<?> t = accessor.getReturnType();
        MethodHandle boxed = mh.asType(MethodType.methodType(Object.class, Object.class));
        MethodHandle asDouble = null;
        MethodHandle asLong = null;
        if (t == boolean.class) {
            asDouble = MethodHandles.filterReturnValue(mh, BOOLEAN_TO_DOUBLE).asType(MethodType.methodType(double.class, Object.class));
        } else if (t.isPrimitive() && t != char.class) {
            asDouble = mh.asType(MethodType.methodType(double.class, Object.class));
            if (t == long.class || t == int.class || t == short.class || t == byte.class) {
                asLong = mh.asType(MethodType.methodType(long.class, Object.class));
            }
        }
        return new Property(name, t, boxed, asDouble, asLong);
    }

    @Override
    public Class<?> javaType() {
        return type;
    }

    @Override
    public RecordAccessor<R> bind(List<String> fieldNames) {
        Property[] bound = new Property[fieldNames.size()];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = properties.get(fieldNames.get(i));
            if (bound[i] == null) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no property '" + fieldNames.get(i)
                        + "' that the feature spec reads; it has " + properties.keySet());
            }
        }
        return new Accessor<>(bound);
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }

    private static final class Accessor<R> implements RecordAccessor<R> {
        private final Property[] properties;

        Accessor(Property[] properties) {
            this.properties = properties;
        }

        @Override
        public Object get(R record, int field) {
            try {
                return (Object) properties[field].boxed().invokeExact((Object) record);
            } catch (Throwable t) {
                throw failure(field, t);
            }
        }

        @Override
        public Class<?> declaredType(int field) {
            return properties[field].type();
        }

        @Override
        public Class<?> primitiveType(int field) {
            Class<?> t = properties[field].type();
            return t.isPrimitive() ? t : null;
        }

        @Override
        public double getDouble(R record, int field) {
            try {
                return (double) properties[field].asDouble().invokeExact((Object) record);
            } catch (Throwable t) {
                throw failure(field, t);
            }
        }

        @Override
        public long getLong(R record, int field) {
            try {
                return (long) properties[field].asLong().invokeExact((Object) record);
            } catch (Throwable t) {
                throw failure(field, t);
            }
        }

        private RuntimeException failure(int field, Throwable t) {
            if (t instanceof RuntimeException r) {
                return r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return new ModelException("reading property '" + properties[field].name() + "' failed: " + t, t);
        }
    }
}
