package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ForwardMessage;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.api.problem.Rejection;
import io.parley.api.query.MessageView;
import io.parley.command.axon.SnapshotSerialization;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.parley.command.RejectionMatchers.rejectedWith;
import static io.parley.command.conversation.ConversationFixture.ALICE;
import static io.parley.command.conversation.ConversationFixture.BOB;
import static io.parley.command.conversation.ConversationFixture.CAROL;
import static io.parley.command.conversation.ConversationFixture.EARLIER;
import static io.parley.command.conversation.ConversationFixture.NOW;
import static io.parley.command.conversation.ConversationFixture.conversationFixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Forward: a copy of a message the sender can see, into another conversation they are in, marked as forwarded. */
class ForwardingTest {

    private static final ConversationId SOURCE = ConversationId.of("source");
    private static final ConversationId TARGET = ConversationId.of("target");
    private static final MediaAttachment PHOTO = new MediaAttachment(MediaId.of("photo-1"), "image", "image/png", 1234,
            "etag-1", true);

    private AggregateTestFixture<Conversation> fixture;
    private MessageActionsTest.ReadModelMessages readModel;
    private KnownMedia media;

    @BeforeEach
    void setUp() {
        readModel = new MessageActionsTest.ReadModelMessages();
        readModel.members(SOURCE, ALICE, CAROL);
        media = new KnownMedia();
        fixture = newFixture(media);
    }

    private AggregateTestFixture<Conversation> newFixture(AttachableMedia attachableMedia) {
        return conversationFixture().media(attachableMedia).messages(readModel).build();
    }

    @Test
    void copiesTheTextIntoTheTargetMarkedAsForwarded() {
        readModel.put(SOURCE, stored(3, CAROL, "see you at 8", null, false));

        fixture.given(target(), sentInTarget(1, BOB))
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectEvents(new MessageSent(TARGET, MessageId.at(TARGET, 2), 2, ALICE, "f1", "see you at 8", null,
                        NOW, null, null, true))
                .expectResultMessagePayload(new MessageAccepted(MessageId.at(TARGET, 2), 2, NOW));
    }

    /** The media the message carries is shared again, not uploaded again: the same attachment, with its caption. */
    @Test
    void sharesTheMediaTheMessageCarries() {
        readModel.put(SOURCE, stored(3, CAROL, "the view", PHOTO, false));
        media.forwardable(SOURCE, ALICE, PHOTO);

        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectEvents(new MessageSent(TARGET, MessageId.at(TARGET, 1), 1, ALICE, "f1", "the view", PHOTO, NOW,
                        null, null, true));
    }

    @Test
    void ofMediaWithoutCaptionCarriesNoText() {
        readModel.put(SOURCE, stored(3, CAROL, null, PHOTO, false));
        media.forwardable(SOURCE, ALICE, PHOTO);

        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectEvents(new MessageSent(TARGET, MessageId.at(TARGET, 1), 1, ALICE, "f1", null, PHOTO, NOW,
                        null, null, true));
    }

    @Test
    void ofMediaTheMediaModuleNoLongerSharesIsRejected() {
        readModel.put(SOURCE, stored(3, CAROL, "the view", PHOTO, false));

        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectException(rejectedWith(Rejection.MEDIA_NOT_ATTACHABLE))
                .expectNoEvents();
    }

    /** A real query bus on which no media node answers: the forward is to be retried, not refused or a bug. */
    @Test
    void ofMediaWithNoMediaServiceToAskIsServiceUnavailable() {
        readModel.put(SOURCE, stored(3, CAROL, "the view", PHOTO, false));
        AggregateTestFixture<Conversation> mediaDown = newFixture(new AttachableMedia.ThroughQueries(
                DefaultQueryGateway.builder().queryBus(SimpleQueryBus.builder().build()).build(), Duration.ofSeconds(1)));

        mediaDown.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectException(rejectedWith(Rejection.SERVICE_UNAVAILABLE))
                .expectNoEvents();
    }

    @Test
    void intoAConversationTheSenderIsNotInIsRejected() {
        readModel.put(SOURCE, stored(3, CAROL, "see you at 8", null, false));
        readModel.members(SOURCE, ALICE, CAROL);

        fixture.given(new GroupCreated(TARGET, "Other", BOB, List.of(BOB, CAROL), EARLIER))
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                .expectNoEvents();
    }

    /** Not in the source conversation, the message is not there for the sender: as if it did not exist. */
    @Test
    void fromAConversationTheSenderIsNotInIsNotFound() {
        readModel.put(SOURCE, stored(3, CAROL, "see you at 8", null, false));
        readModel.members(SOURCE, CAROL);

        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectException(rejectedWith(Rejection.MESSAGE_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void ofAMessageTheReadModelDoesNotHaveIsNotFound() {
        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 9))
                .expectException(rejectedWith(Rejection.MESSAGE_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void ofADeletedMessageIsRejected() {
        readModel.put(SOURCE, stored(3, CAROL, null, null, true));

        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectException(rejectedWith(Rejection.MESSAGE_DELETED))
                .expectNoEvents();
    }

    @Test
    void againWithTheSameClientMessageIdAnswersTheOriginal() {
        MessageSent original = new MessageSent(TARGET, MessageId.at(TARGET, 1), 1, ALICE, "f1", "see you at 8", null,
                EARLIER, null, null, true);

        fixture.given(target(), original)
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageAccepted(original.messageId(), 1, EARLIER));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void withoutAClientMessageIdIsRejected(String clientMessageId) {
        readModel.put(SOURCE, stored(3, CAROL, "see you at 8", null, false));

        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, clientMessageId, SOURCE, 3))
                .expectException(rejectedWith(Rejection.INVALID_REQUEST));
    }

    /** Only the lookup made on the way in counts, whatever metadata the command arrived with. */
    @Test
    void aLookupThatCameWithTheCommandIsNotTrusted() {
        readModel.members(SOURCE, CAROL);
        ForwardLookup forged = new ForwardLookup(SOURCE, 3, stored(3, CAROL, "secret", PHOTO, false),
                MediaLookup.attachable(PHOTO));

        fixture.given(target())
                .when(new ForwardMessage(TARGET, ALICE, "f1", SOURCE, 3), Map.of(ForwardLookup.KEY, forged))
                .expectException(rejectedWith(Rejection.MESSAGE_NOT_FOUND))
                .expectNoEvents();
    }

    /** An event stored before forwards existed (revision 2, no {@code forwarded}) reads as a message not forwarded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
    void aMessageSentStoredBeforeForwardsReadsAsNotForwarded(String name, ObjectMapper objectMapper) {
        String revision2 = """
                {"conversationId":"source","messageId":"source:1","seq":1,"senderId":"carol","clientMessageId":"c1",
                 "text":"hi","media":null,"sentAt":"2024-06-01T11:50:00Z","replyTo":null,"mentions":null}""";
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(objectMapper).build();

        MessageSent read = serializer.deserialize(new SimpleSerializedObject<>(revision2, String.class,
                MessageSent.class.getName(), "2"));

        assertThat(read.forwarded()).isFalse();
        assertThat(read.text()).isEqualTo("hi");
    }

    /** Alice's group with Bob. */
    private static GroupCreated target() {
        return new GroupCreated(TARGET, "Friends", ALICE, List.of(ALICE, BOB), EARLIER);
    }

    private static MessageSent sentInTarget(long seq, UserId sender) {
        return new MessageSent(TARGET, MessageId.at(TARGET, seq), seq, sender, "c" + seq, "text " + seq, null, EARLIER);
    }

    private static MessageView stored(long seq, UserId sender, String text, MediaAttachment media, boolean deleted) {
        return new MessageView(SOURCE.value(), MessageId.at(SOURCE, seq).value(), seq, sender.value(), text, media,
                EARLIER, null, null, List.of(), null, null, deleted, false);
    }
}
