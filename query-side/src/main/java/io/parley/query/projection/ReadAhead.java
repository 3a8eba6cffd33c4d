package io.parley.query.projection;

import org.axonframework.eventhandling.EventHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a processor's batch reads before its events are handled, declared once per event type beside the handlers: for
 * each busy event type the ids of the documents its handler will need, by collection. {@link #read} gathers them over
 * the whole batch and hands each collection's ids to its loader once, so a batch of any size costs one query per
 * collection instead of one per event. An event type declared {@link Builder#asTheyCome} is handled the same, its
 * documents read on first use. Every event type a processor handles is declared one way or the other
 * ({@link #undeclared}; each processor's tests check it), so a new handler cannot silently miss its read ahead.
 */
public final class ReadAhead {

    /** The ids of the documents one event needs: {@code ids.accept(collection, id)} for each. */
    @FunctionalInterface
    public interface Needs<E> {
        void of(E event, BiConsumer<String, String> ids);
    }

    private final Map<Class<?>, Needs<Object>> needs;
    private final Set<Class<?>> asTheyCome;
    private final List<String> collections;

    private ReadAhead(Map<Class<?>, Needs<Object>> needs, Set<Class<?>> asTheyCome, List<String> collections) {
        this.needs = Map.copyOf(needs);
        this.asTheyCome = Set.copyOf(asTheyCome);
        this.collections = List.copyOf(collections);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The ids these events need, by collection (each once, in the order first needed); every collection read ahead is
     * there, with no ids if none of these events needs one of its documents.
     */
    public Map<String, Set<String>> ids(List<?> events) {
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        collections.forEach(collection -> ids.put(collection, new LinkedHashSet<>()));
        for (Object event : events) {
            Needs<Object> of = needs.get(event.getClass());
            if (of != null) {
                of.of(event, (collection, id) -> {
                    Set<String> ofCollection = ids.get(collection);
                    if (ofCollection == null) {
                        throw new IllegalStateException(event.getClass().getSimpleName() + " needs " + collection
                                + ", which is not read ahead: add it to the builder's collections");
                    }
                    ofCollection.add(id);
                });
            }
        }
        return ids;
    }

    /**
     * Hands each collection's ids for these events to its loader, once, in the order of the builder's collections: one
     * query each when the loader reads them in one (as {@link StagedRecords#load} does). A loader must be given for
     * every collection read ahead. Returns the ids read, by collection ({@link #ids}).
     */
    public Map<String, Set<String>> read(List<?> events, Map<String, Consumer<Collection<String>>> loaders) {
        if (!loaders.keySet().equals(Set.copyOf(collections))) {
            throw new IllegalArgumentException("loaders for " + loaders.keySet() + ", collections read ahead "
                    + collections);
        }
        Map<String, Set<String>> ids = ids(events);
        ids.forEach((collection, ofCollection) -> loaders.get(collection).accept(ofCollection));
        return ids;
    }

    /** The collections read ahead, in the order they are read. */
    public List<String> collections() {
        return collections;
    }

    /**
     * Fails unless every event type the projector handles ({@link EventHandler} methods) is declared here: each projector
     * of the processor calls it when it is made, so the application does not start with a handler the read ahead
     * does not know.
     */
    public void requireDeclared(Class<?> projector) {
        Set<Class<?>> undeclared = undeclared(handledBy(projector));
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException(projector.getSimpleName() + " handles " + undeclared.stream()
                    .map(Class::getSimpleName).toList() + ", declared neither read ahead nor as they come");
        }
    }

    /** The event types the projector's {@link EventHandler} methods take (their first parameter). */
    public static Set<Class<?>> handledBy(Class<?> projector) {
        Set<Class<?>> handled = new LinkedHashSet<>();
        Arrays.stream(projector.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class) && method.getParameterCount() > 0)
                .map(method -> (Class<?>) method.getParameterTypes()[0])
                .forEach(handled::add);
        return handled;
    }

    /** Of these handled event types, those declared neither read ahead nor as they come. */
    public Set<Class<?>> undeclared(Collection<Class<?>> handled) {
        Set<Class<?>> undeclared = new LinkedHashSet<>(handled);
        undeclared.removeAll(needs.keySet());
        undeclared.removeAll(asTheyCome);
        return undeclared;
    }

    public static final class Builder {

        private final Map<Class<?>, Needs<Object>> needs = new LinkedHashMap<>();
        private final Set<Class<?>> asTheyCome = new LinkedHashSet<>();
        private final List<String> collections = new ArrayList<>();

        private Builder() {
        }

        /** The collections read ahead, in the order to read them. */
        public Builder collections(String... collections) {
            this.collections.addAll(List.of(collections));
            return this;
        }

        /** What a busy event type's handlers need read ahead (one entry per type). */
        @SuppressWarnings("unchecked")
        public <E> Builder ahead(Class<E> type, Needs<? super E> of) {
            declare(type);
            needs.put(type, (Needs<Object>) of);
            return this;
        }

        /** Event types whose documents are read as they come: rare ones, where a query each costs little. */
        public Builder asTheyCome(Class<?>... types) {
            for (Class<?> type : types) {
                declare(type);
                asTheyCome.add(type);
            }
            return this;
        }

        private void declare(Class<?> type) {
            if (needs.containsKey(type) || asTheyCome.contains(type)) {
                throw new IllegalArgumentException(type.getSimpleName() + " is declared twice");
            }
        }

        public ReadAhead build() {
            return new ReadAhead(needs, asTheyCome, collections);
        }
    }
}
