package io.parley.query.projection;

import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadAheadTest {

    record Sent(String conversation, String sender) {
    }

    record Read(String conversation, String reader) {
    }

    record Renamed(String conversation) {
    }

    record Unknown(String conversation) {
    }

    private final ReadAhead readAhead = ReadAhead.builder()
            .collections("conversations", "members")
            .ahead(Sent.class, (event, ids) -> {
                ids.accept("conversations", event.conversation());
                ids.accept("members", event.conversation() + ":" + event.sender());
            })
            .ahead(Read.class, (event, ids) -> ids.accept("members", event.conversation() + ":" + event.reader()))
            .asTheyCome(Renamed.class)
            .build();

    @Test
    void gathersTheIdsOfTheWholeBatchByCollectionEachOnceInTheOrderFirstNeeded() {
        List<Object> events = List.of(new Sent("b", "bob"), new Renamed("z"), new Sent("a", "alice"),
                new Read("b", "carol"), new Sent("b", "bob"), new Unknown("y"));

        assertThat(readAhead.ids(events)).containsExactly(
                Map.entry("conversations", Set.of("b", "a")),
                Map.entry("members", Set.of("b:bob", "a:alice", "b:carol")));
        assertThat(List.copyOf(readAhead.ids(events).get("members"))).containsExactly("b:bob", "a:alice", "b:carol");
    }

    @Test
    void eachLoaderIsCalledOncePerBatchHoweverManyEventsNeedItsCollection() {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(new Sent("c" + i % 7, "u" + i % 5));
            events.add(new Read("c" + i % 7, "r" + i % 3));
        }
        List<String> calls = new ArrayList<>();
        List<Collection<String>> members = new ArrayList<>();

        Map<String, Set<String>> read = readAhead.read(events, Map.of(
                "conversations", ids -> calls.add("conversations"),
                "members", ids -> {
                    calls.add("members");
                    members.add(ids);
                }));

        assertThat(calls).containsExactly("conversations", "members");
        assertThat(members.get(0)).hasSize(7 * 5 + 7 * 3);
        assertThat(read.get("conversations")).hasSize(7);
    }

    @Test
    void aBatchWithoutBusyEventsStillCallsEachLoaderOnceWithNoIds() {
        List<Collection<String>> given = new ArrayList<>();
        Consumer<Collection<String>> loader = given::add;

        readAhead.read(List.of(new Renamed("a")), Map.of("conversations", loader, "members", loader));

        assertThat(given).hasSize(2).allMatch(Collection::isEmpty);
    }

    @Test
    void everyCollectionReadAheadNeedsItsLoader() {
        assertThatThrownBy(() -> readAhead.read(List.of(), Map.of("conversations", ids -> { })))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("members");
    }

    @Test
    void anEventNeedingACollectionNotReadAheadFailsLoudly() {
        ReadAhead wrong = ReadAhead.builder().collections("conversations")
                .ahead(Sent.class, (event, ids) -> ids.accept("members", event.sender()))
                .build();

        assertThatThrownBy(() -> wrong.ids(List.of(new Sent("a", "alice"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Sent needs members");
    }

    @Test
    void anEventTypeIsDeclaredOnce() {
        assertThatThrownBy(() -> ReadAhead.builder().ahead(Sent.class, (event, ids) -> { }).asTheyCome(Sent.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Sent is declared twice");
    }

    static class Declared {
        @EventHandler
        void on(Sent event) {
        }

        @EventHandler
        void on(Renamed event, Object token) {
        }

        void notAHandler(Unknown event) {
        }
    }

    static class HandlesAnUndeclaredType extends Declared {
        @EventHandler
        void on(Unknown event) {
        }
    }

    @Test
    void aProjectorHandlingATypeDeclaredNeitherWayIsRefused() {
        assertThat(ReadAhead.handledBy(Declared.class)).containsExactlyInAnyOrder(Sent.class, Renamed.class);
        readAhead.requireDeclared(Declared.class);

        assertThatThrownBy(() -> readAhead.requireDeclared(HandlesAnUndeclaredType.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HandlesAnUndeclaredType handles [Unknown]");
    }
}
