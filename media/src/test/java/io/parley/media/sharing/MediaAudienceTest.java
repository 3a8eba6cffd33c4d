package io.parley.media.sharing;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.media.MediaAudienceChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class MediaAudienceTest {

    private static final ConversationId GROUP = ConversationId.of("g-1");
    private static final String ID = TrackAudience.idOf(GROUP);
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final UserId CAROL = UserId.of("carol");
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final Instant EARLIER = NOW.minusSeconds(60);

    private AggregateTestFixture<MediaAudience> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MediaAudience.class);
        fixture.givenCurrentTime(NOW);
    }

    @Test
    void firstMembershipEventCreatesTheAudience() {
        fixture.givenNoPriorActivity()
                .when(new TrackAudience(ID, GROUP, List.of(ALICE, BOB), List.of(), 0))
                .expectEvents(new MediaAudienceChanged(GROUP, List.of(ALICE, BOB), List.of(), 0, NOW));
    }

    @Test
    void recordsOnlyRealChanges() {
        fixture.given(new MediaAudienceChanged(GROUP, List.of(ALICE, BOB), List.of(), 0, EARLIER))
                .when(new TrackAudience(ID, GROUP, List.of(BOB, CAROL), List.of(), 4))
                .expectEvents(new MediaAudienceChanged(GROUP, List.of(CAROL), List.of(), 4, NOW));
    }

    @Test
    void removingAMemberIsRecorded() {
        fixture.given(new MediaAudienceChanged(GROUP, List.of(ALICE, BOB), List.of(), 0, EARLIER))
                .when(new TrackAudience(ID, GROUP, List.of(), List.of(BOB), 7))
                .expectEvents(new MediaAudienceChanged(GROUP, List.of(), List.of(BOB), 7, NOW));
    }

    @Test
    void anOlderEventDeliveredAgainChangesNothing() {
        fixture.given(new MediaAudienceChanged(GROUP, List.of(ALICE, BOB), List.of(), 0, EARLIER),
                        new MediaAudienceChanged(GROUP, List.of(CAROL), List.of(), 4, EARLIER),
                        new MediaAudienceChanged(GROUP, List.of(), List.of(CAROL), 9, EARLIER))
                .when(new TrackAudience(ID, GROUP, List.of(CAROL), List.of(), 4))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void removingSomeoneWhoIsNotInItChangesNothing() {
        fixture.given(new MediaAudienceChanged(GROUP, List.of(ALICE), List.of(), 0, EARLIER))
                .when(new TrackAudience(ID, GROUP, List.of(), List.of(CAROL), 3))
                .expectNoEvents();
    }
}
