package io.parley.query.sync;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.query.GetChanges;
import io.parley.api.query.GetHistory;
import io.parley.api.query.HistoryPage;
import io.parley.api.query.MessageView;
import io.parley.api.query.SyncPage;
import io.parley.platform.cdn.CdnLinkSigner;
import io.parley.platform.cdn.CdnProperties;
import io.parley.query.EventFeed;
import io.parley.query.conversation.ConversationReads;
import io.parley.query.history.MessageViews;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** History pages and sync pages across the buckets messages and feed entries are stored in (8 entries each). */
class BucketBoundaryTest {

    private static final int MESSAGES = 300;

    private final EventFeed feed = new EventFeed();
    private final ConversationId group = ConversationId.of("g");
    private final UserId alice = UserId.of("alice");
    private final UserId bob = UserId.of("bob");
    private final Instant at = Instant.parse("2026-03-01T10:00:00Z");

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void pagesSpanningBucketsAreCompleteAndInOrder() throws Exception {
        feed.add(new GroupCreated(group, "G", alice, List.of(alice, bob), at), at);
        for (long seq = 1; seq <= MESSAGES; seq++) {
            feed.add(new MessageSent(group, MessageId.at(group, seq), seq, seq % 2 == 0 ? bob : alice, "c" + seq,
                    "text " + seq, null, at.plusSeconds(seq)), at);
        }
        Object projector = construct("io.parley.query.conversation.ConversationProjector", feed.mongo);
        feed.deliverAll(projector, 37);
        feed.deliver(projector, 50, 200, 250);

        ConversationReads reads = (ConversationReads) construct(ConversationReads.class.getName(), feed.mongo);
        Constructor<?> viewsConstructor = MessageViews.class.getDeclaredConstructor(MongoTemplate.class,
                CdnLinkSigner.class);
        viewsConstructor.setAccessible(true);
        MessageViews views = (MessageViews) viewsConstructor.newInstance(feed.mongo,
                new CdnLinkSigner(new CdnProperties(null, "", Duration.ofHours(1))));
        Constructor<?> historyConstructor = Class.forName("io.parley.query.history.HistoryQueries")
                .getDeclaredConstructors()[0];
        historyConstructor.setAccessible(true);
        Object history = historyConstructor.newInstance(reads, views,
                construct("io.parley.query.conversation.GroupReads", feed.mongo));
        Method page = history.getClass().getDeclaredMethod("handle", GetHistory.class);
        page.setAccessible(true);
        for (long before : new long[]{65, 128, 129, 200, 301}) {
            HistoryPage result = (HistoryPage) page.invoke(history, new GetHistory(group, alice, before, null, 100));
            long from = Math.max(1, before - 100);
            assertThat(result.messages()).extracting(MessageView::seq)
                    .containsExactlyElementsOf(LongStream.range(from, before).boxed().toList());
            assertThat(result.messages()).allMatch(m -> m.text().equals("text " + m.seq()));
        }
        HistoryPage forward = (HistoryPage) page.invoke(history, new GetHistory(group, bob, null, 63L, 200));
        assertThat(forward.messages()).extracting(MessageView::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(64, 263).boxed().toList());

        SyncQueries sync = new SyncQueries(feed.mongo, reads, views);
        List<SyncPage.Change> changes = new ArrayList<>();
        String cursor = SyncCursor.encode(0);
        boolean more = true;
        while (more) {
            SyncPage syncPage = sync.handle(new GetChanges(bob, cursor, 47));
            changes.addAll(syncPage.changes());
            cursor = syncPage.nextCursor();
            more = syncPage.hasMore();
        }
        assertThat(changes).hasSize(MESSAGES + 1);
        assertThat(changes.get(0).type()).isEqualTo("conversation.joined");
        for (int i = 1; i <= MESSAGES; i++) {
            assertThat(changes.get(i).seq()).isEqualTo(i);
            assertThat(changes.get(i).message().text()).isEqualTo("text " + i);
        }
    }

    /** The class's constructor on the read models, with a meter registry of its own where it takes one. */
    private static Object construct(String className, MongoTemplate mongo) throws Exception {
        Class<?> type = Class.forName(className);
        try {
            Constructor<?> metered = type.getDeclaredConstructor(MongoTemplate.class, MeterRegistry.class);
            metered.setAccessible(true);
            return metered.newInstance(mongo, new SimpleMeterRegistry());
        } catch (NoSuchMethodException unmetered) {
            Constructor<?> constructor = type.getDeclaredConstructor(MongoTemplate.class);
            constructor.setAccessible(true);
            return constructor.newInstance(mongo);
        }
    }
}
