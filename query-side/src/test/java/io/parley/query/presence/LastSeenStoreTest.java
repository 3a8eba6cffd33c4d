package io.parley.query.presence;

import io.parley.api.account.UserId;
import io.parley.api.presence.GetLastSeen;
import io.parley.api.presence.LastSeen;
import io.parley.api.presence.RecordLastSeen;
import io.parley.query.EventFeed;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** Last seen as a record: the layout it always had ({@code _id}, {@code at} as a date), only ever moving on. */
class LastSeenStoreTest {

    private final EventFeed feed = new EventFeed();
    private final LastSeenStore store = new LastSeenStore(feed.mongo);
    private final UserId alice = UserId.of("alice");
    private final Instant at = Instant.parse("2026-03-01T10:00:00.123Z");

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void aLateReportNeverMovesItBack() {
        store.handle(new RecordLastSeen(alice, at));
        store.handle(new RecordLastSeen(alice, at.minusSeconds(30)));

        assertThat(store.handle(new GetLastSeen(alice))).isEqualTo(new LastSeen(alice, at));
        assertThat(feed.mongo.getDb().getCollection(LastSeenStore.COLLECTION).find().first())
                .isEqualTo(new Document("_id", "alice").append("at", Date.from(at)));
        assertThat(store.of(UserId.of("nobody"))).isEqualTo(new LastSeen(UserId.of("nobody"), null));
    }

    @Test
    void aDocumentWrittenBeforeIsRead() {
        feed.mongo.getDb().getCollection(LastSeenStore.COLLECTION)
                .insertOne(new Document("_id", "alice").append("at", Date.from(at)));

        assertThat(store.of(alice)).isEqualTo(new LastSeen(alice, at));
    }
}
