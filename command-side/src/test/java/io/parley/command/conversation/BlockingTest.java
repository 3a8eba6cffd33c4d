package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.BlockUser;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.CreateGroup;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.ForwardMessage;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.StartDirectConversation;
import io.parley.api.conversation.UnblockUser;
import io.parley.api.conversation.UserBlocked;
import io.parley.api.conversation.UserUnblocked;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.axon.SnapshotSerialization;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocking: recorded on the pair's direct conversation, which then takes no messages; no group takes in a blocker. */
class BlockingTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final UserId CAROL = UserId.of("carol");
    private static final ConversationId DIRECT = ConversationId.direct(ALICE, BOB);
    private static final ConversationId GROUP = ConversationId.of("group-1");
    private static final Instant EARLIER = Instant.parse("2024-06-01T11:50:00.000Z");
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00.456Z");

    private AggregateTestFixture<Conversation> fixture;
    private KnownBlocks blocks;

    @BeforeEach
    void setUp() {
        blocks = new KnownBlocks();
        fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerInjectableResource(new ConversationLimits(10, 100, 20));
        fixture.registerCommandHandlerInterceptor(new LookupBeforeLoading(new ConversationTest.KnownMedia(),
                MessageActionsTest.NO_MESSAGES, blocks));
        fixture.givenCurrentTime(NOW);
    }

    @Test
    void isRecordedOnTheirDirectConversationEvenBeforeTheyEverTalked() {
        fixture.givenNoPriorActivity()
                .when(BlockUser.of(ALICE, BOB))
                .expectEvents(new UserBlocked(DIRECT, ALICE, BOB, NOW));
    }

    @Test
    void isRecordedOnTheirDirectConversation() {
        fixture.given(started())
                .when(BlockUser.of(ALICE, BOB))
                .expectEvents(new UserBlocked(DIRECT, ALICE, BOB, NOW));
    }

    @Test
    void againChangesNothing() {
        fixture.given(started(), blocked(ALICE, BOB))
                .when(BlockUser.of(ALICE, BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ofYourselfIsRejected() {
        fixture.givenNoPriorActivity()
                .when(BlockUser.of(ALICE, ALICE))
                .expectException(rejectedWith(Rejection.CANNOT_TALK_TO_SELF));
    }

    @Test
    void theBlockedUserCannotStartADirectConversation() {
        fixture.given(blocked(ALICE, BOB))
                .when(StartDirectConversation.between(BOB, ALICE))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    @Test
    void theBlockerCannotStartOneWithoutUnblockingFirst() {
        fixture.given(blocked(ALICE, BOB))
                .when(StartDirectConversation.between(ALICE, BOB))
                .expectException(rejectedWith(Rejection.BLOCKED));
    }

    /** Its history stays readable for both: opening an existing chat stores nothing. */
    @Test
    void anExistingDirectConversationStillOpens() {
        fixture.given(started(), blocked(ALICE, BOB))
                .when(StartDirectConversation.between(BOB, ALICE))
                .expectNoEvents()
                .expectResultMessagePayload(DIRECT);
    }

    @Test
    void theBlockedUserCannotSendIntoTheDirectConversation() {
        fixture.given(started(), blocked(ALICE, BOB))
                .when(new SendMessage(DIRECT, BOB, "b1", "hello?", null))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    @Test
    void norCanTheBlocker() {
        fixture.given(started(), blocked(ALICE, BOB))
                .when(new SendMessage(DIRECT, ALICE, "a1", "hello?", null))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    /** A retry of a message stored before the block answers it, as every resend does. */
    @Test
    void aResendOfAMessageStoredBeforeTheBlockAnswersTheOriginal() {
        MessageSent original = new MessageSent(DIRECT, MessageId.at(DIRECT, 1), 1, BOB, "b1", "hi", null, EARLIER);

        fixture.given(started(), original, blocked(ALICE, BOB))
                .when(new SendMessage(DIRECT, BOB, "b1", "hi", null))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageAccepted(original.messageId(), 1, EARLIER));
    }

    @Test
    void norCanEitherForwardIntoIt() {
        fixture.given(started(), blocked(ALICE, BOB))
                .when(new ForwardMessage(DIRECT, BOB, "b1", GROUP, 1))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    @Test
    void unblockingLetsMessagesThroughAgain() {
        fixture.given(started(), blocked(ALICE, BOB), new UserUnblocked(DIRECT, ALICE, BOB, EARLIER))
                .when(new SendMessage(DIRECT, BOB, "b1", "hello", null))
                .expectEvents(new MessageSent(DIRECT, MessageId.at(DIRECT, 1), 1, BOB, "b1", "hello", null, NOW));
    }

    @Test
    void unblockingIsRecorded() {
        fixture.given(started(), blocked(ALICE, BOB))
                .when(UnblockUser.of(ALICE, BOB))
                .expectEvents(new UserUnblocked(DIRECT, ALICE, BOB, NOW));
    }

    @Test
    void unblockingTakesBackOnlyTheCallersOwnBlock() {
        fixture.given(started(), blocked(ALICE, BOB), blocked(BOB, ALICE))
                .when(UnblockUser.of(BOB, ALICE))
                .expectEvents(new UserUnblocked(DIRECT, BOB, ALICE, NOW));
        fixture.given(started(), blocked(ALICE, BOB), blocked(BOB, ALICE), new UserUnblocked(DIRECT, BOB, ALICE, EARLIER))
                .when(new SendMessage(DIRECT, BOB, "b1", "hello?", null))
                .expectException(rejectedWith(Rejection.BLOCKED));
    }

    @Test
    void unblockingSomeoneNotBlockedChangesNothing() {
        fixture.given(started())
                .when(UnblockUser.of(ALICE, BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theBlockedUserCannotAddTheBlockerToAGroup() {
        blocks.add(ALICE, BOB);

        fixture.given(new GroupCreated(GROUP, "Team", BOB, List.of(BOB, CAROL), EARLIER))
                .when(new AddMembers(GROUP, BOB, List.of(ALICE)))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    @Test
    void norCreateAGroupWithTheBlocker() {
        blocks.add(ALICE, BOB);

        fixture.givenNoPriorActivity()
                .when(new CreateGroup(GROUP, BOB, "Team", List.of(CAROL, ALICE)))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    @Test
    void theBlockerMayStillAddTheBlockedUser() {
        blocks.add(ALICE, BOB);

        fixture.given(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, CAROL), EARLIER))
                .when(new AddMembers(GROUP, ALICE, List.of(BOB)))
                .expectEvents(new MembersAdded(GROUP, ALICE, List.of(BOB), NOW));
    }

    /** Only the lookup made on the way in counts, whatever metadata the command arrived with. */
    @Test
    void aLookupThatCameWithTheCommandIsNotTrusted() {
        blocks.add(ALICE, BOB);

        fixture.given(new GroupCreated(GROUP, "Team", BOB, List.of(BOB, CAROL), EARLIER))
                .when(new AddMembers(GROUP, BOB, List.of(ALICE)), Map.of(BlockLookup.KEY, new BlockLookup(BOB, List.of())))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    /** A snapshot keeps the blocks: {@link Blocks} reads them from the latest snapshot on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
    void aSnapshotKeepsTheBlocks(String name, ObjectMapper objectMapper) {
        Conversation conversation = new Conversation();
        conversation.on(started());
        conversation.on(blocked(ALICE, BOB));

        Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);

        assertThat(restored.isBlockedBy(ALICE)).isTrue();
        assertThat(restored.isBlockedBy(BOB)).isFalse();
    }

    private static DirectConversationStarted started() {
        return new DirectConversationStarted(DIRECT, ALICE, List.of(ALICE, BOB), EARLIER);
    }

    private static UserBlocked blocked(UserId blocker, UserId blocked) {
        return new UserBlocked(DIRECT, blocker, blocked, EARLIER);
    }

    /** Who blocks whom, as the event store would say. */
    private static final class KnownBlocks implements Blocks {

        private final Set<List<UserId>> blocks = new HashSet<>();

        void add(UserId blocker, UserId blocked) {
            blocks.add(List.of(blocker, blocked));
        }

        @Override
        public List<UserId> blockersOf(UserId user, Collection<UserId> candidates) {
            return candidates.stream().filter(candidate -> blocks.contains(List.of(candidate, user))).toList();
        }
    }

    private static Matcher<Object> rejectedWith(Rejection rejection) {
        return new TypeSafeMatcher<>(RejectedException.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return ((RejectedException) item).rejection() == rejection;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("RejectedException with rejection ").appendValue(rejection);
            }
        };
    }
}
