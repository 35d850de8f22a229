package dev.modeldeploy.runtime.batch;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list over an array that its maker filled and handed over, so that a {@link Chunk}
 * keeps a reader's records without copying them a second time. Immutable (the maker must not touch the
 * array once the list exists) and therefore thread-safe.
 */
final class FrozenList<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] elements;
    private final int size;

    private FrozenList(Object[] elements, int size) {
        this.elements = elements;
        this.size = size;
    }

    /**
     * The first {@code size} elements of {@code elements}, which the caller gives up.
     *
     * @throws NullPointerException if one of them is null, as {@link List#copyOf} would
     */
    static <E> FrozenList<E> handOver(Object[] elements, int size) {
        Objects.checkFromToIndex(0, size, elements.length);
        for (int i = 0; i < size; i++) {
            Objects.requireNonNull(elements[i], "element");
        }
        return new FrozenList<>(elements, size);
    }

    /** {@code list} itself if it is frozen already, else {@link List#copyOf its copy}. */
    @SuppressWarnings("unchecked")
    static <E> List<E> frozen(List<? extends E> list) {
        return list instanceof FrozenList<?> f ? (List<E>) f : List.copyOf(list);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) elements[index];
    }

    @Override
    public int size() {
        return size;
    }
}
