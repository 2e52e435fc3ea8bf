package com.manage2soar.aliassync.model;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * An unmodifiable set in natural order held in one array: a club's lists hold millions of members at the
 * scale of a hosting provider, and a {@link java.util.TreeSet} spends a node of some 40 bytes on each. Sorted
 * once when made rather than element by element.
 */
final class SortedArraySet<E extends Comparable<? super E>> extends AbstractSet<E> implements SortedSet<E> {
    private final E[] elements;
    private final int from;
    private final int to;

    private SortedArraySet(E[] elements, int from, int to) {
        this.elements = elements;
        this.from = from;
        this.to = to;
    }

    /** The values in order; of values that compare equal, the first one given is kept, as a TreeSet keeps it. */
    static <E extends Comparable<? super E>> SortedSet<E> of(Collection<E> values) {
        @SuppressWarnings("unchecked")
        E[] sorted = (E[]) values.toArray(new Comparable[0]);
        Arrays.sort(sorted); // stable: equal values stay in the order given
        int distinct = 0;
        for (E value : sorted) {
            if (distinct == 0 || sorted[distinct - 1].compareTo(value) != 0) {
                sorted[distinct++] = value;
            }
        }
        return new SortedArraySet<>(Arrays.copyOf(sorted, distinct), 0, distinct);
    }

    /**
     * Sorts any number of collections drawn from {@code pool} (the same instances) as {@link #of} does, comparing
     * the pool's values once rather than each collection's: a club's lists hold mostly the same members, and
     * sorting each list by compareTo took some 7 % of a 500-club run's CPU samples. Each is then sorted by rank.
     */
    static <E extends Comparable<? super E>> Function<Collection<E>, SortedSet<E>> ranked(Collection<E> pool) {
        @SuppressWarnings("unchecked")
        E[] sorted = (E[]) pool.toArray(new Comparable[0]);
        Arrays.sort(sorted);
        Map<E, Integer> rank = new IdentityHashMap<>(sorted.length);
        for (int i = 0, r = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i - 1].compareTo(sorted[i]) != 0) {
                r = i;
            }
            rank.put(sorted[i], r); // values that compare equal share a rank
        }
        return values -> {
            @SuppressWarnings("unchecked")
            E[] given = (E[]) values.toArray(new Comparable[0]);
            long[] order = new long[given.length];
            for (int i = 0; i < given.length; i++) {
                order[i] = (long) rank.get(given[i]) << 32 | i; // by rank, then as given: the first is kept
            }
            Arrays.sort(order);
            E[] distinct = Arrays.copyOf(given, given.length);
            int n = 0;
            for (int i = 0; i < order.length; i++) {
                if (i == 0 || order[i] >>> 32 != order[i - 1] >>> 32) {
                    distinct[n++] = given[(int) order[i]];
                }
            }
            return new SortedArraySet<>(Arrays.copyOf(distinct, n), 0, n);
        };
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public Iterator<E> iterator() {
        return Arrays.asList(elements).subList(from, to).iterator(); // its remove() throws: the list is fixed-size
    }

    @Override
    public boolean contains(Object o) {
        @SuppressWarnings("unchecked")
        E value = (E) o; // a value of another type throws ClassCastException, as a TreeSet's lookup does
        return Arrays.binarySearch(elements, from, to, value) >= 0;
    }

    @Override
    public Comparator<? super E> comparator() {
        return null; // natural order
    }

    @Override
    public E first() {
        if (isEmpty()) {
            throw new NoSuchElementException();
        }
        return elements[from];
    }

    @Override
    public E last() {
        if (isEmpty()) {
            throw new NoSuchElementException();
        }
        return elements[to - 1];
    }

    @Override
    public SortedSet<E> subSet(E fromElement, E toElement) {
        if (fromElement.compareTo(toElement) > 0) {
            throw new IllegalArgumentException("fromElement > toElement");
        }
        return new SortedArraySet<>(elements, indexOf(fromElement), Math.max(indexOf(fromElement), indexOf(toElement)));
    }

    @Override
    public SortedSet<E> headSet(E toElement) {
        return new SortedArraySet<>(elements, from, indexOf(toElement));
    }

    @Override
    public SortedSet<E> tailSet(E fromElement) {
        return new SortedArraySet<>(elements, indexOf(fromElement), to);
    }

    /** Where {@code value} is, or would be inserted, within this view. */
    private int indexOf(E value) {
        int found = Arrays.binarySearch(elements, from, to, value);
        return found >= 0 ? found : -found - 1;
    }
}
