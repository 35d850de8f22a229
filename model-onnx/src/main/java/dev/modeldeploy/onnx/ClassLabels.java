package dev.modeldeploy.onnx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A classifier's class labels in order, with the lookups from what a model's outputs call a class:
 * an int64 class id (scikit-learn's integer {@code classes_}) or a string. Immutable.
 */
final class ClassLabels {
    private final List<String> labels;
    /** The labels as integers, or null when one is not an integer. */
    private final long[] ids;
    private final Map<String, Integer> index = new HashMap<>();

    private ClassLabels(List<String> labels) {
        this.labels = List.copyOf(labels);
        if (this.labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + this.labels);
        }
        if (new HashSet<>(this.labels).size() != this.labels.size()) {
            throw new IllegalArgumentException("labels must be distinct, got " + this.labels);
        }
        long[] parsed = new long[this.labels.size()];
        boolean integral = true;
        for (int i = 0; i < parsed.length; i++) {
            String label = this.labels.get(i);
            index.put(label, i);
            try {
                parsed[i] = Long.parseLong(label);
            } catch (NumberFormatException e) {
                integral = false;
            }
        }
        this.ids = integral ? parsed : null;
    }

    /** These labels, in order. */
    static ClassLabels of(List<String> labels) {
        return new ClassLabels(labels);
    }

    /** {@code "0", "1", …, "k-1"}: the labels of a model that does not name its classes. */
    static ClassLabels numbered(int k) {
        List<String> labels = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            labels.add(Integer.toString(i));
        }
        return new ClassLabels(labels);
    }

    /**
     * The labels of a ZipMap's keys (Long or String), sorted as scikit-learn sorts {@code classes_}:
     * numerically for integers, by code point for strings.
     */
    static ClassLabels fromKeys(Collection<?> keys) {
        List<Object> sorted = new ArrayList<>(keys);
        if (sorted.stream().allMatch(k -> k instanceof Long)) {
            sorted.sort(Comparator.comparingLong(k -> (Long) k));
        } else {
            sorted.sort(Comparator.comparing(String::valueOf));
        }
        return new ClassLabels(sorted.stream().map(String::valueOf).toList());
    }

    /** The labels, in order (an immutable list, shared by every prediction). */
    List<String> list() {
        return labels;
    }

    int size() {
        return labels.size();
    }

    /** Whether every label is an integer, so that int64 class ids can be looked up. */
    boolean integral() {
        return ids != null;
    }

    /** The index of the class with this int64 id, or -1. */
    int indexOf(long id) {
        if (ids != null) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == id) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The index of the class with this name, or -1. */
    int indexOf(String label) {
        Integer i = index.get(label);
        return i == null ? -1 : i;
    }

    /** The map keys these labels stand for in a ZipMap with int64 ({@code longKeys}) or string keys. */
    Object[] mapKeys(boolean longKeys) {
        Object[] keys = new Object[labels.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = longKeys ? (Object) ids[i] : labels.get(i);
        }
        return keys;
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
