package io.parley.command.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.axon.SnapshotSerialization;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.AdminAppointed;
import io.parley.api.conversation.CreateGroup;
import io.parley.api.conversation.DeliveredUpTo;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.MarkDelivered;
import io.parley.api.conversation.MarkRead;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageAccepted;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.ReadUpTo;
import io.parley.api.conversation.RemoveMember;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.StartDirectConversation;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.api.problem.Rejection;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.parley.command.RejectionMatchers.rejectedWith;
import static io.parley.command.conversation.ConversationFixture.ALICE;
import static io.parley.command.conversation.ConversationFixture.BOB;
import static io.parley.command.conversation.ConversationFixture.CAROL;
import static io.parley.command.conversation.ConversationFixture.DAVE;
import static io.parley.command.conversation.ConversationFixture.DIRECT;
import static io.parley.command.conversation.ConversationFixture.EARLIER;
import static io.parley.command.conversation.ConversationFixture.GROUP;
import static io.parley.command.conversation.ConversationFixture.NOW;
import static io.parley.command.conversation.ConversationFixture.conversationFixture;
import static io.parley.command.conversation.ConversationFixture.directStarted;
import static io.parley.command.conversation.ConversationFixture.groupOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

class ConversationTest {

    private static final int MAX_GROUP_SIZE = 3;
    private static final int MAX_TEXT_LENGTH = 20;
    private static final int MAX_TITLE_LENGTH = 10;

    private AggregateTestFixture<Conversation> fixture;
    private KnownMedia media;

    @BeforeEach
    void setUp() {
        media = new KnownMedia();
        fixture = newFixture(media);
    }

    private static AggregateTestFixture<Conversation> newFixture() {
        return newFixture(new KnownMedia());
    }

    private static AggregateTestFixture<Conversation> newFixture(AttachableMedia media) {
        return conversationFixture().limits(MAX_GROUP_SIZE, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH).media(media).build();
    }

    // ---------------------------------------------------------------- direct conversations

    @Nested
    class StartingADirectConversation {

        @Test
        void firstAskStartsItWithBothUsersAsMembers() {
            fixture.givenNoPriorActivity()
                    .when(StartDirectConversation.between(ALICE, BOB))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DirectConversationStarted(DIRECT, ALICE, List.of(ALICE, BOB), fixture.currentTime()))
                    .expectResultMessagePayload(DIRECT);
        }

        @Test
        void askingAgainReturnsSameIdAndStoresNothing() {
            fixture.given(directStarted())
                    .when(StartDirectConversation.between(ALICE, BOB))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(DIRECT);
        }

        @Test
        void peerAskingReturnsSameIdAndStoresNothing() {
            fixture.given(directStarted())
                    .when(StartDirectConversation.between(BOB, ALICE))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(DIRECT);
        }

        @Test
        void withYourselfIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(StartDirectConversation.between(ALICE, ALICE))
                    .expectException(rejectedWith(Rejection.CANNOT_TALK_TO_SELF))
                    .expectNoEvents();
        }

        @Test
        void askingForAnExistingConversationYouAreNotInIsRejected() {
            fixture.given(directStarted())
                    .when(new StartDirectConversation(DIRECT, CAROL, ALICE))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- groups

    @Nested
    class CreatingAGroup {

        @Test
        void listsCreatorFirstThenMembers() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB, CAROL)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB, CAROL), fixture.currentTime()));
        }

        @Test
        void makesCreatorAdmin() {
            fixture.givenCommands(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB)))
                    .when(new AddMembers(GROUP, ALICE, List.of(CAROL)))
                    .expectEvents(new MembersAdded(GROUP, ALICE, List.of(CAROL), fixture.currentTime()));
        }

        @Test
        void doesNotMakeOtherMembersAdmins() {
            fixture.givenCommands(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB)))
                    .when(new AddMembers(GROUP, BOB, List.of(CAROL)))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void stripsTheTitle() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroup(GROUP, ALICE, "  Team \t", List.of(BOB)))
                    .expectEvents(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), fixture.currentTime()));
        }

        @Test
        void acceptsTitleOfMaximumLength() {
            String title = "t".repeat(MAX_TITLE_LENGTH);
            fixture.givenNoPriorActivity()
                    .when(new CreateGroup(GROUP, ALICE, title, List.of(BOB)))
                    .expectEvents(new GroupCreated(GROUP, title, ALICE, List.of(ALICE, BOB), fixture.currentTime()));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t\n", "elevenchars", "a title far too long"})
        void withBlankOrTooLongTitleIsRejected(String title) {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroup(GROUP, ALICE, title, List.of(BOB)))
                    .expectException(rejectedWith(Rejection.INVALID_REQUEST))
                    .expectNoEvents();
        }

        @Test
        void countsCreatorAndRepeatedMembersOnce() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB, ALICE, BOB, CAROL)))
                    .expectEvents(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB, CAROL), fixture.currentTime()));
        }

        @Test
        void theSameRequestAgainMeetsTheGroupItCreatedAndCreatesNothing() {
            fixture.givenCommands(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB)), new AddMembers(GROUP, ALICE, List.of(CAROL)))
                    .when(new CreateGroup(GROUP, ALICE, " Team ", List.of(BOB, ALICE)))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(GROUP)
                    .expectNoEvents();
        }

        @Test
        void anotherRequestForTheSameIdIsRefused() {
            fixture.givenCommands(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB)))
                    .when(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB, CAROL)))
                    .expectException(rejectedWith(Rejection.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
            fixture.givenCommands(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB)))
                    .when(new CreateGroup(GROUP, BOB, "Team", List.of(ALICE)))
                    .expectException(rejectedWith(Rejection.IDEMPOTENCY_KEY_REUSED))
                    .expectNoEvents();
        }

        @Test
        void largerThanMaximumSizeIsRejected() {
            fixture.givenNoPriorActivity()
                    .when(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB, CAROL, DAVE)))
                    .expectException(rejectedWith(Rejection.GROUP_FULL))
                    .expectNoEvents();
        }
    }

    @Nested
    class AddingMembers {

        @Test
        void byAdminListsOnlyNewcomersOnce() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new AddMembers(GROUP, ALICE, List.of(BOB, CAROL, CAROL, ALICE)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MembersAdded(GROUP, ALICE, List.of(CAROL), fixture.currentTime()));
        }

        @Test
        void whoAreAllMembersAlreadyStoresNothing() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new AddMembers(GROUP, ALICE, List.of(BOB, ALICE)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void upToMaximumSizeIsAllowed() {
            fixture.given(groupOf(ALICE))
                    .when(new AddMembers(GROUP, ALICE, List.of(BOB, CAROL)))
                    .expectEvents(new MembersAdded(GROUP, ALICE, List.of(BOB, CAROL), fixture.currentTime()));
        }

        @Test
        void beyondMaximumSizeIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new AddMembers(GROUP, ALICE, List.of(CAROL, DAVE)))
                    .expectException(rejectedWith(Rejection.GROUP_FULL))
                    .expectNoEvents();
        }

        @Test
        void byNonAdminMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new AddMembers(GROUP, BOB, List.of(CAROL)))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void byAnAddedMemberIsRejectedBecauseNewcomersAreNotAdmins() {
            fixture.given(groupOf(ALICE), new MembersAdded(GROUP, ALICE, List.of(BOB), EARLIER))
                    .when(new AddMembers(GROUP, BOB, List.of(CAROL)))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new AddMembers(GROUP, CAROL, List.of(DAVE)))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void byAdminWhoLeftIsRejected() {
            fixture.given(groupOf(ALICE, BOB), new MemberRemoved(GROUP, ALICE, ALICE, EARLIER))
                    .when(new AddMembers(GROUP, ALICE, List.of(CAROL)))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void toDirectConversationIsRejected() {
            fixture.given(directStarted())
                    .when(new AddMembers(DIRECT, ALICE, List.of(CAROL)))
                    .expectException(rejectedWith(Rejection.NOT_A_GROUP))
                    .expectNoEvents();
        }
    }

    @Nested
    class RemovingAMember {

        @Test
        void adminRemovesAnotherMember() {
            fixture.given(groupOf(ALICE, BOB, CAROL))
                    .when(new RemoveMember(GROUP, ALICE, BOB))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MemberRemoved(GROUP, ALICE, BOB, fixture.currentTime()));
        }

        @Test
        void memberLeavesThemselves() {
            fixture.given(groupOf(ALICE, BOB, CAROL))
                    .when(new RemoveMember(GROUP, BOB, BOB))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MemberRemoved(GROUP, BOB, BOB, fixture.currentTime()));
        }

        @Test
        void lastAdminLeavingHandsTheGroupToTheLongestStandingMember() {
            fixture.given(groupOf(ALICE, BOB, CAROL))
                    .when(new RemoveMember(GROUP, ALICE, ALICE))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MemberRemoved(GROUP, ALICE, ALICE, fixture.currentTime()),
                            new AdminAppointed(GROUP, BOB, fixture.currentTime()));
        }

        @Test
        void appointedAdminMayRemoveOthers() {
            fixture.given(groupOf(ALICE, BOB, CAROL), new MemberRemoved(GROUP, ALICE, ALICE, EARLIER),
                            new AdminAppointed(GROUP, BOB, EARLIER))
                    .when(new RemoveMember(GROUP, BOB, CAROL))
                    .expectEvents(new MemberRemoved(GROUP, BOB, CAROL, fixture.currentTime()));
        }

        @Test
        void lastMemberLeavingAppointsNobody() {
            fixture.given(groupOf(ALICE))
                    .when(new RemoveMember(GROUP, ALICE, ALICE))
                    .expectEvents(new MemberRemoved(GROUP, ALICE, ALICE, fixture.currentTime()));
        }

        @Test
        void nonAdminRemovingAnotherMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB, CAROL))
                    .when(new RemoveMember(GROUP, BOB, CAROL))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void removingSomeoneWhoIsNotAMemberStoresNothing() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RemoveMember(GROUP, ALICE, DAVE))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void removingAMemberTwiceStoresNothingTheSecondTime() {
            fixture.given(groupOf(ALICE, BOB), new MemberRemoved(GROUP, ALICE, BOB, EARLIER))
                    .when(new RemoveMember(GROUP, ALICE, BOB))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RemoveMember(GROUP, DAVE, BOB))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void leavingAGroupYouAreNotInIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RemoveMember(GROUP, DAVE, DAVE))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void fromDirectConversationIsRejected() {
            fixture.given(directStarted())
                    .when(new RemoveMember(DIRECT, ALICE, BOB))
                    .expectException(rejectedWith(Rejection.NOT_A_GROUP))
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- messages

    @Nested
    class SendingAMessage {

        @Test
        void firstMessageGetsSeqOne() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(send(ALICE, "c1", "hello"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(sentNow(1, ALICE, "c1", "hello"))
                    .expectResultMessagePayload(acceptedNow(1));
        }

        @Test
        void seqFollowsTheLastMessageWithoutGaps() {
            fixture.given(groupOf(ALICE, BOB), sent(1, ALICE, "a1"), sent(2, BOB, "b1"), sent(3, ALICE, "a2"))
                    .when(send(BOB, "b2", "hi"))
                    .expectEvents(sentNow(4, BOB, "b2", "hi"))
                    .expectResultMessagePayload(acceptedNow(4));
        }

        @Test
        void successiveSendsGetConsecutiveSeqs() {
            fixture.givenCommands(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB)),
                            send(ALICE, "a1", "one"), send(BOB, "b1", "two"))
                    .when(send(ALICE, "a2", "three"))
                    .expectEvents(sentNow(3, ALICE, "a2", "three"))
                    .expectResultMessagePayload(acceptedNow(3));
        }

        @Test
        void acceptsTextOfMaximumLength() {
            String text = "x".repeat(MAX_TEXT_LENGTH);
            fixture.given(groupOf(ALICE, BOB))
                    .when(send(ALICE, "c1", text))
                    .expectEvents(sentNow(1, ALICE, "c1", text));
        }

        @Test
        void acceptsClientMessageIdOfMaximumLength() {
            String clientMessageId = "c".repeat(Conversation.MAX_CLIENT_MESSAGE_ID_LENGTH);
            fixture.given(groupOf(ALICE, BOB))
                    .when(send(ALICE, clientMessageId, "hi"))
                    .expectEvents(sentNow(1, ALICE, clientMessageId, "hi"));
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(send(CAROL, "c1", "hi"))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void byRemovedMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB), new MemberRemoved(GROUP, ALICE, BOB, EARLIER))
                    .when(send(BOB, "c1", "hi"))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void byMemberWhoLeftIsRejected() {
            fixture.given(groupOf(ALICE, BOB), new MemberRemoved(GROUP, BOB, BOB, EARLIER))
                    .when(send(BOB, "c1", "hi"))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void inDirectConversationByOutsiderIsRejected() {
            fixture.given(directStarted())
                    .when(new SendMessage(DIRECT, CAROL, "c1", "hi", null))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "   \t\n", "twenty-one characters"})
        void withBlankEmptyOrTooLongTextIsRejected(String text) {
            fixture.given(groupOf(ALICE, BOB))
                    .when(send(ALICE, "c1", text))
                    .expectException(rejectedWith(Rejection.TEXT_INVALID))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @MethodSource("io.parley.command.conversation.ConversationTest#invalidClientMessageIds")
        void withMissingBlankOrTooLongClientMessageIdIsRejected(String clientMessageId) {
            fixture.given(groupOf(ALICE, BOB))
                    .when(send(ALICE, clientMessageId, "hi"))
                    .expectException(rejectedWith(Rejection.INVALID_REQUEST))
                    .expectNoEvents();
        }

        @Test
        void withUnknownMediaIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", MediaId.of("m-unknown")))
                    .expectException(rejectedWith(Rejection.MEDIA_NOT_ATTACHABLE))
                    .expectNoEvents();
        }
    }

    @Nested
    class AttachingMedia {

        private final MediaAttachment photo = new MediaAttachment(MediaId.of("m-1"), "image", "image/png", 1234,
                "etag-1", true);

        @BeforeEach
        void alicesPhotoIsUploaded() {
            media.add(ALICE, photo);
        }

        @Test
        void ownUploadedMediaTravelsWithTheMessage() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", photo.mediaId()))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, ALICE, "c1", "look", photo, NOW))
                    .expectResultMessagePayload(acceptedNow(1));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  \t"})
        void needsNoCaption(String text) {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", text, photo.mediaId()))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, ALICE, "c1", null, photo, NOW));
        }

        @Test
        void withTooLongCaptionIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", "x".repeat(MAX_TEXT_LENGTH + 1), photo.mediaId()))
                    .expectException(rejectedWith(Rejection.TEXT_INVALID))
                    .expectNoEvents();
        }

        @Test
        void someoneElsesMediaIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, BOB, "c1", "mine now", photo.mediaId()))
                    .expectException(rejectedWith(Rejection.MEDIA_NOT_ATTACHABLE))
                    .expectNoEvents();
        }

        @Test
        void mediaThatIsNotUploadedIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", MediaId.of("m-pending")))
                    .expectException(rejectedWith(Rejection.MEDIA_NOT_ATTACHABLE))
                    .expectNoEvents();
        }

        /** The media is looked up before the conversation is loaded; the aggregate still says "not a member" first. */
        @Test
        void byNonMemberIsRejectedAsNotAMemberEvenWithMediaOfTheirOwn() {
            media.add(CAROL, new MediaAttachment(MediaId.of("m-carol"), "image", "image/png", 1, "etag-c", true));
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, CAROL, "c1", "look", MediaId.of("m-carol")))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        /** The lookup is made before the aggregate is loaded, never by it: one lookup per send, outside its lock. */
        @Test
        void isLookedUpOnceBeforeTheConversationDecides() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", photo.mediaId()))
                    .expectSuccessfulHandlerExecution();
            assertThat(media.lookups).isEqualTo(1);
        }

        /** Only the lookup made on the way in counts, whatever metadata the command arrived with. */
        @Test
        void aLookupThatCameWithTheCommandIsNotTrusted() {
            MediaAttachment forged = new MediaAttachment(MediaId.of("m-bob"), "image", "image/png", 1, "etag-b", true);
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", forged.mediaId()),
                            Map.of(MediaLookup.KEY, MediaLookup.attachable(forged)))
                    .expectException(rejectedWith(Rejection.MEDIA_NOT_ATTACHABLE))
                    .expectNoEvents();
        }

        /** A real query bus on which no media node answers: the send is to be retried, not refused or a bug. */
        @Test
        void withNoMediaServiceToAskIsServiceUnavailable() {
            QueryGateway noMediaNode = DefaultQueryGateway.builder().queryBus(SimpleQueryBus.builder().build()).build();
            AggregateTestFixture<Conversation> mediaDown =
                    newFixture(new AttachableMedia.ThroughQueries(noMediaNode, Duration.ofSeconds(1)));

            mediaDown.given(groupOf(ALICE, BOB))
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", photo.mediaId()))
                    .expectException(rejectedWith(Rejection.SERVICE_UNAVAILABLE))
                    .expectNoEvents();
        }

        @Test
        void resendReturnsTheOriginal() {
            MessageSent original = new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, ALICE, "c1", "look", photo, EARLIER);
            fixture.given(groupOf(ALICE, BOB), original)
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", photo.mediaId()))
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(original));
        }

        /** A retry after an outage answer must not fail again just because the media module is still down. */
        @Test
        void resendReturnsTheOriginalEvenWithTheMediaServiceDown() {
            QueryGateway noMediaNode = DefaultQueryGateway.builder().queryBus(SimpleQueryBus.builder().build()).build();
            AggregateTestFixture<Conversation> mediaDown =
                    newFixture(new AttachableMedia.ThroughQueries(noMediaNode, Duration.ofSeconds(1)));
            MessageSent original = new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, ALICE, "c1", "look", photo, EARLIER);

            mediaDown.given(groupOf(ALICE, BOB), original)
                    .when(new SendMessage(GROUP, ALICE, "c1", "look", photo.mediaId()))
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(original));
        }
    }

    @Nested
    class ResendingAMessage {

        private final MessageSent first = sent(1, ALICE, "c1");

        @Test
        void withSameClientMessageIdReturnsOriginalAndStoresNothing() {
            fixture.given(groupOf(ALICE, BOB), first)
                    .when(send(ALICE, "c1", first.text()))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(first));
        }

        @Test
        void afterLaterMessagesStillReturnsOriginal() {
            fixture.given(groupOf(ALICE, BOB), first, sent(2, BOB, "c1"), sent(3, ALICE, "c2"))
                    .when(send(ALICE, "c1", first.text()))
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(first));
        }

        @Test
        void withDifferentTextStillReturnsOriginal() {
            fixture.given(groupOf(ALICE, BOB), first)
                    .when(send(ALICE, "c1", "something else"))
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(first));
        }

        @Test
        void sameClientMessageIdFromAnotherSenderIsANewMessage() {
            fixture.given(groupOf(ALICE, BOB), first)
                    .when(send(BOB, "c1", "hello"))
                    .expectEvents(sentNow(2, BOB, "c1", "hello"))
                    .expectResultMessagePayload(acceptedNow(2));
        }

        @Test
        void retryAnswersExactlyWhatTheFirstSendAnsweredEvenWithASubMillisecondClock() {
            Instant subMillisecond = Instant.parse("2024-06-01T12:00:00.123456789Z");
            List<MessageSent> stored = new ArrayList<>();
            List<MessageAccepted> firstAnswer = new ArrayList<>();
            fixture.givenCurrentTime(subMillisecond);
            fixture.given(groupOf(ALICE, BOB))
                    .when(send(ALICE, "c1", "hello"))
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(capturing(stored), andNoMore())))
                    .expectResultMessagePayloadMatching(capturing(firstAnswer));
            assertThat(firstAnswer.get(0)).isEqualTo(accepted(stored.get(0)));

            AggregateTestFixture<Conversation> later = newFixture();
            later.givenCurrentTime(subMillisecond.plusSeconds(30));
            later.given(groupOf(ALICE, BOB), stored.get(0))
                    .when(send(ALICE, "c1", "hello"))
                    .expectNoEvents()
                    .expectResultMessagePayload(firstAnswer.get(0));
        }

        @Test
        void dedupesTheOldestOfTheLastThousandOfASender() {
            List<Object> history = historyOfMessagesFrom(ALICE, RecentMessages.CAPACITY + 1);
            MessageSent oldestRemembered = (MessageSent) history.get(2);
            assertThat(oldestRemembered.clientMessageId()).isEqualTo("m2");

            fixture.given(history)
                    .when(send(ALICE, "m2", "again"))
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(oldestRemembered));
        }

        @Test
        void dedupesTheNewestOfASender() {
            List<Object> history = historyOfMessagesFrom(ALICE, RecentMessages.CAPACITY + 1);
            MessageSent newest = (MessageSent) history.get(history.size() - 1);

            fixture.given(history)
                    .when(send(ALICE, newest.clientMessageId(), "again"))
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(newest));
        }

        @Test
        void forgetsWhatIsOlderThanTheLastThousandOfASender() {
            List<Object> history = historyOfMessagesFrom(ALICE, RecentMessages.CAPACITY + 1);
            long next = RecentMessages.CAPACITY + 2L;

            fixture.given(history)
                    .when(send(ALICE, "m1", "again"))
                    .expectEvents(sentNow(next, ALICE, "m1", "again"))
                    .expectResultMessagePayload(acceptedNow(next));
        }

        @Test
        void aMemberAddedBackStartsWithAnEmptyWindow() {
            fixture.given(groupOf(ALICE, BOB), first,
                            new MemberRemoved(GROUP, ALICE, ALICE, EARLIER), new MembersAdded(GROUP, BOB, List.of(ALICE), EARLIER))
                    .when(send(ALICE, "c1", "again"))
                    .expectEvents(sentNow(2, ALICE, "c1", "again"))
                    .expectResultMessagePayload(acceptedNow(2));
        }

        @Test
        void otherSendersDoNotPushASendersMessagesOutOfTheWindow() {
            List<Object> history = historyOfMessagesFrom(ALICE, RecentMessages.CAPACITY);
            for (int i = 1; i <= 5; i++) {
                history.add(sent(RecentMessages.CAPACITY + i, BOB, "b" + i));
            }
            MessageSent alicesFirst = (MessageSent) history.get(1);

            fixture.given(history)
                    .when(send(ALICE, "m1", "again"))
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(alicesFirst));
        }
    }

    // ---------------------------------------------------------------- watermarks

    @Nested
    class MarkingDelivered {

        @Test
        void movesTheWatermarkWithOneEvent() {
            fixture.given(groupWithMessages(5))
                    .when(new MarkDelivered(GROUP, BOB, 3))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DeliveredUpTo(GROUP, BOB, 3, fixture.currentTime()));
        }

        @Test
        void upToTheLastSeqIsAllowed() {
            fixture.given(groupWithMessages(5, new DeliveredUpTo(GROUP, BOB, 3, EARLIER)))
                    .when(new MarkDelivered(GROUP, BOB, 5))
                    .expectEvents(new DeliveredUpTo(GROUP, BOB, 5, fixture.currentTime()));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 2, 3})
        void toALowerOrEqualValueStoresNothing(long upToSeq) {
            fixture.given(groupWithMessages(5, new DeliveredUpTo(GROUP, BOB, 3, EARLIER)))
                    .when(new MarkDelivered(GROUP, BOB, upToSeq))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void toZeroBeforeAnythingStoresNothing() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new MarkDelivered(GROUP, BOB, 0))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void isKeptPerMember() {
            fixture.given(groupWithMessages(5, new DeliveredUpTo(GROUP, BOB, 3, EARLIER)))
                    .when(new MarkDelivered(GROUP, ALICE, 3))
                    .expectEvents(new DeliveredUpTo(GROUP, ALICE, 3, fixture.currentTime()));
        }

        @ParameterizedTest
        @ValueSource(longs = {6, Long.MAX_VALUE, -1, Long.MIN_VALUE})
        void beyondTheLastSeqOrNegativeIsRejected(long upToSeq) {
            fixture.given(groupWithMessages(5))
                    .when(new MarkDelivered(GROUP, BOB, upToSeq))
                    .expectException(rejectedWith(Rejection.SEQ_OUT_OF_RANGE))
                    .expectNoEvents();
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(groupWithMessages(5))
                    .when(new MarkDelivered(GROUP, CAROL, 3))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(longs = {3, 5})
        void afterReadingThatFarStoresNothingBecauseReadImpliesDelivered(long upToSeq) {
            fixture.given(groupWithMessages(6, new ReadUpTo(GROUP, BOB, 5, EARLIER)))
                    .when(new MarkDelivered(GROUP, BOB, upToSeq))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void beyondWhatWasReadMovesTheWatermark() {
            fixture.given(groupWithMessages(6, new ReadUpTo(GROUP, BOB, 5, EARLIER)))
                    .when(new MarkDelivered(GROUP, BOB, 6))
                    .expectEvents(new DeliveredUpTo(GROUP, BOB, 6, fixture.currentTime()));
        }
    }

    @Nested
    class MarkingRead {

        @Test
        void movesTheWatermarkWithOneEvent() {
            fixture.given(groupWithMessages(5))
                    .when(new MarkRead(GROUP, BOB, 4))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ReadUpTo(GROUP, BOB, 4, fixture.currentTime()));
        }

        @Test
        void belowTheDeliveredWatermarkStillMovesTheReadWatermark() {
            fixture.given(groupWithMessages(5, new DeliveredUpTo(GROUP, BOB, 5, EARLIER)))
                    .when(new MarkRead(GROUP, BOB, 3))
                    .expectEvents(new ReadUpTo(GROUP, BOB, 3, fixture.currentTime()));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 1, 4})
        void toALowerOrEqualValueStoresNothing(long upToSeq) {
            fixture.given(groupWithMessages(5, new ReadUpTo(GROUP, BOB, 4, EARLIER)))
                    .when(new MarkRead(GROUP, BOB, upToSeq))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(longs = {6, -1})
        void beyondTheLastSeqOrNegativeIsRejected(long upToSeq) {
            fixture.given(groupWithMessages(5))
                    .when(new MarkRead(GROUP, BOB, upToSeq))
                    .expectException(rejectedWith(Rejection.SEQ_OUT_OF_RANGE))
                    .expectNoEvents();
        }

        @Test
        void beforeAnyMessageIsRejectedAboveZero() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new MarkRead(GROUP, BOB, 1))
                    .expectException(rejectedWith(Rejection.SEQ_OUT_OF_RANGE))
                    .expectNoEvents();
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(groupWithMessages(5))
                    .when(new MarkRead(GROUP, DAVE, 3))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void byRemovedMemberIsRejected() {
            fixture.given(groupWithMessages(5, new MemberRemoved(GROUP, ALICE, BOB, EARLIER)))
                    .when(new MarkRead(GROUP, BOB, 3))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Nested
    class Snapshot {

        private final MessageSent first = sent(1, ALICE, "c1");

        private Conversation groupWithHistory() {
            Conversation conversation = new Conversation();
            conversation.on(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), EARLIER));
            conversation.on(first);
            conversation.on(sent(2, BOB, "c1"));
            conversation.on(new ReadUpTo(GROUP, BOB, 2, EARLIER));
            conversation.on(new DeliveredUpTo(GROUP, ALICE, 1, EARLIER));
            return conversation;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoresEveryField(String name, ObjectMapper objectMapper) {
            Conversation conversation = groupWithHistory();

            Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);

            assertThat(restored).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(conversation);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredConversationStillDedupes(String name, ObjectMapper objectMapper) {
            Conversation restored = SnapshotSerialization.roundTrip(groupWithHistory(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(send(ALICE, "c1", "hello"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(accepted(first));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredConversationContinuesTheSeq(String name, ObjectMapper objectMapper) {
            Conversation restored = SnapshotSerialization.roundTrip(groupWithHistory(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(send(BOB, "c2", "next"))
                    .expectEvents(sentNow(3, BOB, "c2", "next"))
                    .expectResultMessagePayload(acceptedNow(3));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredConversationKeepsTheAdmin(String name, ObjectMapper objectMapper) {
            Conversation restored = SnapshotSerialization.roundTrip(groupWithHistory(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(new AddMembers(GROUP, ALICE, List.of(CAROL)))
                    .expectEvents(new MembersAdded(GROUP, ALICE, List.of(CAROL), fixture.currentTime()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredConversationKeepsTheWatermarks(String name, ObjectMapper objectMapper) {
            Conversation restored = SnapshotSerialization.roundTrip(groupWithHistory(), objectMapper);

            fixture.givenState(() -> restored)
                    .when(new MarkDelivered(GROUP, BOB, 2))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoredDedupeWindowStillForgetsTheOldest(String name, ObjectMapper objectMapper) {
            Conversation conversation = new Conversation();
            for (Object event : historyOfMessagesFrom(ALICE, RecentMessages.CAPACITY)) {
                apply(conversation, event);
            }
            Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);
            restored.on(sent(RecentMessages.CAPACITY + 1, ALICE, "m" + (RecentMessages.CAPACITY + 1)));

            fixture.givenState(() -> restored)
                    .when(send(ALICE, "m1", "again"))
                    .expectResultMessagePayload(acceptedNow(RecentMessages.CAPACITY + 2L));
        }

        private void apply(Conversation conversation, Object event) {
            if (event instanceof GroupCreated created) {
                conversation.on(created);
            } else {
                conversation.on((MessageSent) event);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    static Stream<String> invalidClientMessageIds() {
        return Stream.of(null, "", "   ", "\t", "c".repeat(Conversation.MAX_CLIENT_MESSAGE_ID_LENGTH + 1));
    }

    /** Alice's and Bob's group with {@code count} messages, alternating senders, then the {@code later} events. */
    private static List<Object> groupWithMessages(int count, Object... later) {
        List<Object> events = new ArrayList<>();
        events.add(groupOf(ALICE, BOB));
        for (int seq = 1; seq <= count; seq++) {
            events.add(sent(seq, seq % 2 == 1 ? ALICE : BOB, "c" + seq));
        }
        events.addAll(List.of(later));
        return events;
    }

    /** A group of the sender and Bob, then {@code count} messages of the sender with clientMessageIds m1, m2, …. */
    private static List<Object> historyOfMessagesFrom(UserId sender, int count) {
        List<Object> events = new ArrayList<>();
        events.add(groupOf(sender, BOB));
        for (int seq = 1; seq <= count; seq++) {
            events.add(sent(seq, sender, "m" + seq));
        }
        return events;
    }

    private static MessageSent sent(long seq, UserId sender, String clientMessageId) {
        return new MessageSent(GROUP, MessageId.at(GROUP, seq), seq, sender, clientMessageId, "text " + seq, null,
                EARLIER.plusSeconds(seq));
    }

    /** The MessageSent that sending now should store. */
    private static MessageSent sentNow(long seq, UserId sender, String clientMessageId, String text) {
        return new MessageSent(GROUP, MessageId.at(GROUP, seq), seq, sender, clientMessageId, text, null, NOW);
    }

    private static MessageAccepted acceptedNow(long seq) {
        return new MessageAccepted(MessageId.at(GROUP, seq), seq, NOW);
    }

    private static MessageAccepted accepted(MessageSent sent) {
        return new MessageAccepted(sent.messageId(), sent.seq(), sent.sentAt());
    }

    private static SendMessage send(UserId sender, String clientMessageId, String text) {
        return new SendMessage(GROUP, sender, clientMessageId, text, null);
    }

    /** Matches any non-null value and keeps it, to compare with later. */
    private static <T> Matcher<T> capturing(List<T> into) {
        return new BaseMatcher<>() {
            @Override
            @SuppressWarnings("unchecked")
            public boolean matches(Object actual) {
                if (actual == null) {
                    return false;
                }
                into.add((T) actual);
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("anything (captured)");
            }
        };
    }
}
