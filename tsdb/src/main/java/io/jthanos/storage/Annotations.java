package io.jthanos.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, de-duplicated, insertion-ordered collection of {@link Annotation}s: warnings as values,
 * not exceptions.
 */
public final class Annotations {
    public static final Annotations EMPTY = new Annotations(Set.of());

    private final Set<Annotation> items;

    private Annotations(Set<Annotation> items) {
        this.items = items;
    }

    public static Annotations of(Annotation... annotations) {
        if (annotations.length == 0) {
            return EMPTY;
        }
        LinkedHashSet<Annotation> s = new LinkedHashSet<>(List.of(annotations));
        return new Annotations(Collections.unmodifiableSet(s));
    }

    /** These annotations plus {@code a}. */
    public Annotations with(Annotation a) {
        if (items.contains(a)) {
            return this;
        }
        LinkedHashSet<Annotation> s = new LinkedHashSet<>(items);
        s.add(a);
        return new Annotations(Collections.unmodifiableSet(s));
    }

    /** The union, keeping this collection's order first. */
    public Annotations merge(Annotations other) {
        if (other.items.isEmpty()) {
            return this;
        }
        if (items.isEmpty()) {
            return other;
        }
        LinkedHashSet<Annotation> s = new LinkedHashSet<>(items);
        s.addAll(other.items);
        return s.size() == items.size() ? this : new Annotations(Collections.unmodifiableSet(s));
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public List<Annotation> all() {
        return List.copyOf(items);
    }

    /** Messages of the given severity, in order. */
    public List<String> messages(Annotation.Severity severity) {
        List<String> out = new ArrayList<>();
        for (Annotation a : items) {
            if (a.severity() == severity) {
                out.add(a.message());
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Annotations a && a.items.equals(items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
