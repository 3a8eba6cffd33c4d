package io.parley.command.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AcceptMessageRequest;
import io.parley.api.conversation.DeclineMessageRequest;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.MarkDelivered;
import io.parley.api.conversation.MarkRead;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageRequestAccepted;
import io.parley.api.conversation.MessageRequestDeclined;
import io.parley.api.conversation.MessageRequestOpened;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.StartDirectConversation;
import io.parley.api.problem.Rejection;
import io.parley.command.axon.SnapshotSerialization;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static io.parley.command.RejectionMatchers.rejectedWith;
import static io.parley.command.conversation.ConversationFixture.ALICE;
import static io.parley.command.conversation.ConversationFixture.BOB;
import static io.parley.command.conversation.ConversationFixture.CAROL;
import static io.parley.command.conversation.ConversationFixture.DIRECT;
import static io.parley.command.conversation.ConversationFixture.EARLIER;
import static io.parley.command.conversation.ConversationFixture.NOW;
import static io.parley.command.conversation.ConversationFixture.conversationFixture;
import static io.parley.command.conversation.ConversationFixture.directStarted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message requests: a direct conversation started while they are on reaches the peer as a request, which records no
 * receipts of the peer until accepted (explicitly or by writing); a declined one takes no messages from the requester.
 */
class MessageRequestsTest {

    private AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = conversationFixture().build();
    }

    @Test
    void aDirectConversationStartedWithRequestsOnReachesThePeerAsARequest() {
        fixture.givenNoPriorActivity()
                .when(StartDirectConversation.between(ALICE, BOB), Map.of(MessageRequestSetting.KEY, true))
                .expectEvents(new DirectConversationStarted(DIRECT, ALICE, List.of(ALICE, BOB), NOW, true),
                        new MessageRequestOpened(DIRECT, BOB, ALICE, NOW));
    }

    @Test
    void withRequestsOffItIsANormalChat() {
        fixture.givenNoPriorActivity()
                .when(StartDirectConversation.between(ALICE, BOB), Map.of(MessageRequestSetting.KEY, false))
                .expectEvents(new DirectConversationStarted(DIRECT, ALICE, List.of(ALICE, BOB), NOW));
    }

    @Test
    void openingItAgainOpensNoOtherRequest() {
        fixture.given(directStarted(), opened())
                .when(StartDirectConversation.between(BOB, ALICE), Map.of(MessageRequestSetting.KEY, true))
                .expectNoEvents()
                .expectResultMessagePayload(DIRECT);
    }

    @Test
    void thePeerAccepts() {
        fixture.given(directStarted(), opened())
                .when(new AcceptMessageRequest(DIRECT, BOB))
                .expectEvents(new MessageRequestAccepted(DIRECT, BOB, ALICE, NOW));
    }

    @Test
    void acceptingAfterDecliningStillAccepts() {
        fixture.given(directStarted(), opened(), new MessageRequestDeclined(DIRECT, BOB, ALICE, EARLIER))
                .when(new AcceptMessageRequest(DIRECT, BOB))
                .expectEvents(new MessageRequestAccepted(DIRECT, BOB, ALICE, NOW));
    }

    @Test
    void acceptingAgainChangesNothing() {
        fixture.given(directStarted(), opened(), accepted())
                .when(new AcceptMessageRequest(DIRECT, BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theRequesterAcceptingChangesNothing() {
        fixture.given(directStarted(), opened())
                .when(new AcceptMessageRequest(DIRECT, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aStrangerCannotAccept() {
        fixture.given(directStarted(), opened())
                .when(new AcceptMessageRequest(DIRECT, CAROL))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
    }

    @Test
    void thePeerDeclines() {
        fixture.given(directStarted(), opened())
                .when(new DeclineMessageRequest(DIRECT, BOB))
                .expectEvents(new MessageRequestDeclined(DIRECT, BOB, ALICE, NOW));
    }

    @Test
    void decliningAgainChangesNothing() {
        fixture.given(directStarted(), opened(), new MessageRequestDeclined(DIRECT, BOB, ALICE, EARLIER))
                .when(new DeclineMessageRequest(DIRECT, BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anAcceptedChatCannotBeDeclined() {
        fixture.given(directStarted(), opened(), accepted())
                .when(new DeclineMessageRequest(DIRECT, BOB))
                .expectException(rejectedWith(Rejection.NOT_A_MESSAGE_REQUEST));
    }

    @Test
    void theRequesterCannotDecline() {
        fixture.given(directStarted(), opened())
                .when(new DeclineMessageRequest(DIRECT, ALICE))
                .expectException(rejectedWith(Rejection.NOT_A_MESSAGE_REQUEST));
    }

    @Test
    void aChatStartedWithoutRequestCannotBeDeclined() {
        fixture.given(directStarted())
                .when(new DeclineMessageRequest(DIRECT, BOB))
                .expectException(rejectedWith(Rejection.NOT_A_MESSAGE_REQUEST));
    }

    @Test
    void theRequesterWritesWhilePending() {
        fixture.given(directStarted(), opened())
                .when(new SendMessage(DIRECT, ALICE, "c1", "hi", null))
                .expectEvents(new MessageSent(DIRECT, MessageId.at(DIRECT, 1), 1, ALICE, "c1", "hi", null, NOW));
    }

    @Test
    void thePeerWritingAcceptsTheRequestFirst() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"))
                .when(new SendMessage(DIRECT, BOB, "b1", "hi", null))
                .expectEvents(new MessageRequestAccepted(DIRECT, BOB, ALICE, NOW), sent(2, BOB, "b1"));
    }

    @Test
    void aDeclinedRequestTakesNoMessageFromTheRequester() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"), new MessageRequestDeclined(DIRECT, BOB, ALICE, EARLIER))
                .when(new SendMessage(DIRECT, ALICE, "c2", "hello?", null))
                .expectException(rejectedWith(Rejection.MESSAGE_REQUEST_DECLINED))
                .expectNoEvents();
    }

    @Test
    void aResendOfAMessageSentBeforeTheDeclineAnswersAsTheFirstTime() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"), new MessageRequestDeclined(DIRECT, BOB, ALICE, EARLIER))
                .when(new SendMessage(DIRECT, ALICE, "c1", "hi", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void noDeliveryOfThePeerIsRecordedWhilePending() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"))
                .when(new MarkDelivered(DIRECT, BOB, 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void noReadOfThePeerIsRecordedWhilePending() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"))
                .when(new MarkRead(DIRECT, BOB, 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aPendingReceiptIsStillChecked() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"))
                .when(new MarkDelivered(DIRECT, BOB, 5))
                .expectException(rejectedWith(Rejection.SEQ_OUT_OF_RANGE));
    }

    @Test
    void theRequesterReceiptsAreRecorded() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"), accepted(), sent(2, BOB, "b1"))
                .when(new MarkRead(DIRECT, ALICE, 2))
                .expectEvents(new ReadUpTo(DIRECT, ALICE, 2, NOW));
    }

    @Test
    void onceAcceptedThePeerDeliveryIsRecorded() {
        fixture.given(directStarted(), opened(), sent(1, ALICE, "c1"), accepted())
                .when(new MarkDelivered(DIRECT, BOB, 1))
                .expectEvents(new DeliveredUpTo(DIRECT, BOB, 1, NOW));
    }

    /** A snapshot keeps the request, or a cached or snapshotted conversation would forget it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
    void aSnapshotKeepsTheRequest(String name, ObjectMapper objectMapper) {
        Conversation conversation = new Conversation();
        conversation.on(directStarted());
        conversation.on(opened());
        conversation.on(new MessageRequestDeclined(DIRECT, BOB, ALICE, EARLIER));

        Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);

        assertThat(restored.awaitsAnswerFrom(BOB)).isTrue();
        assertThat(restored.awaitsAnswerFrom(ALICE)).isFalse();
        assertThat(restored.isMessageRequestDeclined()).isTrue();
    }

    private static MessageRequestOpened opened() {
        return new MessageRequestOpened(DIRECT, BOB, ALICE, EARLIER);
    }

    private static MessageRequestAccepted accepted() {
        return new MessageRequestAccepted(DIRECT, BOB, ALICE, EARLIER);
    }

    private static MessageSent sent(long seq, UserId sender, String clientMessageId) {
        return new MessageSent(DIRECT, MessageId.at(DIRECT, seq), seq, sender, clientMessageId, "hi", null,
                seq == 1 ? EARLIER : NOW);
    }
}
