package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.BlockUser;
import io.parley.api.conversation.CreateGroup;
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
import io.parley.api.problem.Rejection;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.axon.SnapshotSerialization;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.parley.command.RejectionMatchers.rejectedWith;
import static io.parley.command.conversation.ConversationFixture.ALICE;
import static io.parley.command.conversation.ConversationFixture.BOB;
import static io.parley.command.conversation.ConversationFixture.CAROL;
import static io.parley.command.conversation.ConversationFixture.DIRECT;
import static io.parley.command.conversation.ConversationFixture.EARLIER;
import static io.parley.command.conversation.ConversationFixture.GROUP;
import static io.parley.command.conversation.ConversationFixture.NOW;
import static io.parley.command.conversation.ConversationFixture.conversationFixture;
import static io.parley.command.conversation.ConversationFixture.directStarted;
import static org.assertj.core.api.Assertions.assertThat;

/** Blocking: recorded on the pair's direct conversation, which then takes no messages; no group takes in a blocker. */
class BlockingTest {

    private AggregateTestFixture<Conversation> fixture;
    private KnownBlocks blocks;

    @BeforeEach
    void setUp() {
        blocks = new KnownBlocks();
        fixture = conversationFixture().directChats(blocks).build();
    }

    @Test
    void isRecordedOnTheirDirectConversationEvenBeforeTheyEverTalked() {
        fixture.givenNoPriorActivity()
                .when(BlockUser.of(ALICE, BOB))
                .expectEvents(new UserBlocked(DIRECT, ALICE, BOB, NOW));
    }

    @Test
    void isRecordedOnTheirDirectConversation() {
        fixture.given(directStarted())
                .when(BlockUser.of(ALICE, BOB))
                .expectEvents(new UserBlocked(DIRECT, ALICE, BOB, NOW));
    }

    @Test
    void againChangesNothing() {
        fixture.given(directStarted(), blocked(ALICE, BOB))
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
        fixture.given(directStarted(), blocked(ALICE, BOB))
                .when(StartDirectConversation.between(BOB, ALICE))
                .expectNoEvents()
                .expectResultMessagePayload(DIRECT);
    }

    @Test
    void theBlockedUserCannotSendIntoTheDirectConversation() {
        fixture.given(directStarted(), blocked(ALICE, BOB))
                .when(new SendMessage(DIRECT, BOB, "b1", "hello?", null))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    @Test
    void norCanTheBlocker() {
        fixture.given(directStarted(), blocked(ALICE, BOB))
                .when(new SendMessage(DIRECT, ALICE, "a1", "hello?", null))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    /** A retry of a message stored before the block answers it, as every resend does. */
    @Test
    void aResendOfAMessageStoredBeforeTheBlockAnswersTheOriginal() {
        MessageSent original = new MessageSent(DIRECT, MessageId.at(DIRECT, 1), 1, BOB, "b1", "hi", null, EARLIER);

        fixture.given(directStarted(), original, blocked(ALICE, BOB))
                .when(new SendMessage(DIRECT, BOB, "b1", "hi", null))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageAccepted(original.messageId(), 1, EARLIER));
    }

    @Test
    void norCanEitherForwardIntoIt() {
        fixture.given(directStarted(), blocked(ALICE, BOB))
                .when(new ForwardMessage(DIRECT, BOB, "b1", GROUP, 1))
                .expectException(rejectedWith(Rejection.BLOCKED))
                .expectNoEvents();
    }

    @Test
    void unblockingLetsMessagesThroughAgain() {
        fixture.given(directStarted(), blocked(ALICE, BOB), new UserUnblocked(DIRECT, ALICE, BOB, EARLIER))
                .when(new SendMessage(DIRECT, BOB, "b1", "hello", null))
                .expectEvents(new MessageSent(DIRECT, MessageId.at(DIRECT, 1), 1, BOB, "b1", "hello", null, NOW));
    }

    @Test
    void unblockingIsRecorded() {
        fixture.given(directStarted(), blocked(ALICE, BOB))
                .when(UnblockUser.of(ALICE, BOB))
                .expectEvents(new UserUnblocked(DIRECT, ALICE, BOB, NOW));
    }

    @Test
    void unblockingTakesBackOnlyTheCallersOwnBlock() {
        fixture.given(directStarted(), blocked(ALICE, BOB), blocked(BOB, ALICE))
                .when(UnblockUser.of(BOB, ALICE))
                .expectEvents(new UserUnblocked(DIRECT, BOB, ALICE, NOW));
        fixture.given(directStarted(), blocked(ALICE, BOB), blocked(BOB, ALICE), new UserUnblocked(DIRECT, BOB, ALICE, EARLIER))
                .when(new SendMessage(DIRECT, BOB, "b1", "hello?", null))
                .expectException(rejectedWith(Rejection.BLOCKED));
    }

    @Test
    void unblockingSomeoneNotBlockedChangesNothing() {
        fixture.given(directStarted())
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

    /** A snapshot keeps the blocks: {@link DirectChats} reads them from the latest snapshot on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
    void aSnapshotKeepsTheBlocks(String name, ObjectMapper objectMapper) {
        Conversation conversation = new Conversation();
        conversation.on(directStarted());
        conversation.on(blocked(ALICE, BOB));

        Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);

        assertThat(restored.isBlockedBy(ALICE)).isTrue();
        assertThat(restored.isBlockedBy(BOB)).isFalse();
    }

    private static UserBlocked blocked(UserId blocker, UserId blocked) {
        return new UserBlocked(DIRECT, blocker, blocked, EARLIER);
    }

    /** Who blocks whom, as the event store would say; everybody talked with everybody. */
    private static final class KnownBlocks implements DirectChats {

        private final Set<List<UserId>> blocks = new HashSet<>();

        void add(UserId blocker, UserId blocked) {
            blocks.add(List.of(blocker, blocked));
        }

        @Override
        public Standing standingWith(UserId user, Collection<UserId> candidates) {
            return new Standing(candidates.stream().filter(candidate -> blocks.contains(List.of(candidate, user))).toList(),
                    List.of());
        }
    }
}
