package io.parley.command.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DeleteMessage;
import io.parley.api.conversation.EditMessage;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.HideMessage;
import io.parley.api.conversation.MessageDeleted;
import io.parley.api.conversation.MessageEdited;
import io.parley.api.conversation.MessageHidden;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.Quote;
import io.parley.api.conversation.ReactionRemoved;
import io.parley.api.conversation.ReactionSet;
import io.parley.api.conversation.RemoveReaction;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.SetReaction;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.api.query.MessageView;
import io.parley.api.problem.Rejection;
import io.parley.command.axon.SnapshotSerialization;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.parley.command.RejectionMatchers.rejectedWith;
import static io.parley.command.conversation.ConversationFixture.ALICE;
import static io.parley.command.conversation.ConversationFixture.BOB;
import static io.parley.command.conversation.ConversationFixture.CAROL;
import static io.parley.command.conversation.ConversationFixture.DAVE;
import static io.parley.command.conversation.ConversationFixture.EARLIER;
import static io.parley.command.conversation.ConversationFixture.EDIT_WINDOW;
import static io.parley.command.conversation.ConversationFixture.GROUP;
import static io.parley.command.conversation.ConversationFixture.NOW;
import static io.parley.command.conversation.ConversationFixture.conversationFixture;
import static io.parley.command.conversation.ConversationFixture.groupOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Reply, react, edit and delete: what members do with messages already sent. */
class MessageActionsTest {

    private AggregateTestFixture<Conversation> fixture;
    private ReadModelMessages quotes;

    @BeforeEach
    void setUp() {
        quotes = new ReadModelMessages();
        fixture = conversationFixture().limits(3, 60, 10).messages(quotes).build();
    }

    // ---------------------------------------------------------------- reply

    @Nested
    class Replying {

        @Test
        void carriesTheQuoteTheReadModelHas() {
            quotes.put(1, Quote.of(1, "alice", "text 1", null));

            fixture.given(group(), sent(1, ALICE))
                    .when(reply(BOB, "b1", 1L))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 2), 2, BOB, "b1", "answer", null, NOW,
                            Quote.of(1, "alice", "text 1", null)));
        }

        @Test
        void toAMessageTheReadModelHasNotYetQuotesOnlyItsSeq() {
            fixture.given(group(), sent(1, ALICE))
                    .when(reply(BOB, "b1", 1L))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 2), 2, BOB, "b1", "answer", null, NOW,
                            Quote.unresolved(1)));
        }

        @Test
        void toADeletedMessageIsAllowedAndQuotedAsDeleted() {
            quotes.put(1, Quote.deleted(1, "alice"));

            fixture.given(group(), sent(1, ALICE), new MessageDeleted(GROUP, 1, ALICE, 1, EARLIER))
                    .when(reply(BOB, "b1", 1L))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 2), 2, BOB, "b1", "answer", null, NOW,
                            Quote.deleted(1, "alice")));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, 2, 99})
        void toAnUnknownSeqIsRejected(long seq) {
            fixture.given(group(), sent(1, ALICE))
                    .when(reply(BOB, "b1", seq))
                    .expectException(rejectedWith(Rejection.REPLY_TO_UNKNOWN));
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(group(), sent(1, ALICE))
                    .when(reply(DAVE, "d1", 1L))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
        }

        @Test
        void resendWithSameClientMessageIdStoresNothing() {
            fixture.given(group(), sent(1, ALICE), new MessageSent(GROUP, MessageId.at(GROUP, 2), 2, BOB, "b1",
                            "answer", null, EARLIER, Quote.unresolved(1)))
                    .when(reply(BOB, "b1", 1L))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- mentions

    @Nested
    class Mentioning {

        private final UserId ana = UserId.forUsername(io.parley.api.account.Username.of("ana"));
        private final UserId ben = UserId.forUsername(io.parley.api.account.Username.of("ben.k"));
        private final UserId cy = UserId.forUsername(io.parley.api.account.Username.of("cy_99"));
        private final GroupCreated named = new GroupCreated(GROUP, "Team", ana, List.of(ana, ben, cy), EARLIER);

        @Test
        void resolvesMembersUsernamesToUserIdsInOrderOnce() {
            fixture.given(named)
                    .when(new SendMessage(GROUP, ana, "a1", "@CY_99 and @ben.k, ask @cy_99.", null))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, ana, "a1",
                            "@CY_99 and @ben.k, ask @cy_99.", null, NOW, null, List.of(cy, ben)));
        }

        @Test
        void ignoresNonMembersTheSenderAndAddresses() {
            fixture.given(named)
                    .when(new SendMessage(GROUP, ana, "a1", "@ana @nobody mail ben.k@x.org", null))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, ana, "a1",
                            "@ana @nobody mail ben.k@x.org", null, NOW, null, null));
        }

        @Test
        void onlyInGroups() {
            ConversationId direct = ConversationId.direct(ana, ben);
            fixture.given(new io.parley.api.conversation.DirectConversationStarted(direct, ana, List.of(ana, ben), EARLIER))
                    .when(new SendMessage(direct, ana, "a1", "@ben.k hi", null))
                    .expectEvents(new MessageSent(direct, MessageId.at(direct, 1), 1, ana, "a1", "@ben.k hi", null,
                            NOW, null, null));
        }
    }

    // ---------------------------------------------------------------- reactions

    @Nested
    class Reacting {

        @Test
        void storesTheReactionAsTheFirstChange() {
            fixture.given(group(), sent(1, ALICE))
                    .when(new SetReaction(GROUP, BOB, 1, "👍"))
                    .expectEvents(new ReactionSet(GROUP, 1, BOB, "👍", null, 1, NOW));
        }

        @Test
        void anotherEmojiReplacesTheFirst() {
            fixture.given(group(), sent(1, ALICE), new ReactionSet(GROUP, 1, BOB, "👍", null, 1, EARLIER))
                    .when(new SetReaction(GROUP, BOB, 1, "❤️"))
                    .expectEvents(new ReactionSet(GROUP, 1, BOB, "❤️", "👍", 2, NOW));
        }

        @Test
        void theSameEmojiAgainStoresNothing() {
            fixture.given(group(), sent(1, ALICE), new ReactionSet(GROUP, 1, BOB, "👍", null, 1, EARLIER))
                    .when(new SetReaction(GROUP, BOB, 1, "👍"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void removingIsExplicit() {
            fixture.given(group(), sent(1, ALICE), new ReactionSet(GROUP, 1, BOB, "👍", null, 1, EARLIER))
                    .when(new RemoveReaction(GROUP, BOB, 1))
                    .expectEvents(new ReactionRemoved(GROUP, 1, BOB, "👍", 2, NOW));
        }

        @Test
        void removingTwiceStoresNothingTheSecondTime() {
            fixture.given(group(), sent(1, ALICE), new ReactionSet(GROUP, 1, BOB, "👍", null, 1, EARLIER),
                            new ReactionRemoved(GROUP, 1, BOB, "👍", 2, EARLIER))
                    .when(new RemoveReaction(GROUP, BOB, 1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"a", "ok", "1", " ", "👍 ", "👍👍👍👍👍👍👍👍👍", "<script>"})
        void withAnythingButOneEmojiIsRejected(String emoji) {
            fixture.given(group(), sent(1, ALICE))
                    .when(new SetReaction(GROUP, BOB, 1, emoji))
                    .expectException(rejectedWith(Rejection.REACTION_INVALID));
        }

        @ParameterizedTest
        @ValueSource(strings = {"👍", "❤️", "👍🏽", "👨‍👩‍👧‍👦", "🇵🇹"})
        void acceptsEmojiWithModifiersAndJoiners(String emoji) {
            fixture.given(group(), sent(1, ALICE))
                    .when(new SetReaction(GROUP, BOB, 1, emoji))
                    .expectEvents(new ReactionSet(GROUP, 1, BOB, emoji, null, 1, NOW));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 2})
        void toAnUnknownSeqIsNotFound(long seq) {
            fixture.given(group(), sent(1, ALICE))
                    .when(new SetReaction(GROUP, BOB, seq, "👍"))
                    .expectException(rejectedWith(Rejection.MESSAGE_NOT_FOUND));
        }

        @Test
        void toADeletedMessageIsRejected() {
            fixture.given(group(), sent(1, ALICE), new MessageDeleted(GROUP, 1, ALICE, 1, EARLIER))
                    .when(new SetReaction(GROUP, BOB, 1, "👍"))
                    .expectException(rejectedWith(Rejection.MESSAGE_DELETED));
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(group(), sent(1, ALICE))
                    .when(new SetReaction(GROUP, DAVE, 1, "👍"))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
        }

        @Test
        void removingByNonMemberIsRejected() {
            fixture.given(group(), sent(1, ALICE))
                    .when(new RemoveReaction(GROUP, DAVE, 1))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
        }
    }

    // ---------------------------------------------------------------- edit

    @Nested
    class Editing {

        @Test
        void bySenderWithinTheWindowStoresTheNewText() {
            fixture.given(group(), sent(1, ALICE))
                    .when(new EditMessage(GROUP, ALICE, 1, "fixed"))
                    .expectEvents(new MessageEdited(GROUP, 1, ALICE, "fixed", 1, NOW));
        }

        @Test
        void againStoresEveryVersion() {
            fixture.given(group(), sent(1, ALICE), new MessageEdited(GROUP, 1, ALICE, "fixed", 1, EARLIER))
                    .when(new EditMessage(GROUP, ALICE, 1, "fixed again"))
                    .expectEvents(new MessageEdited(GROUP, 1, ALICE, "fixed again", 2, NOW));
        }

        @Test
        void afterTheWindowIsRejected() {
            fixture.given(group(), sentAt(1, ALICE, NOW.minus(EDIT_WINDOW).minusMillis(1)))
                    .when(new EditMessage(GROUP, ALICE, 1, "fixed"))
                    .expectException(rejectedWith(Rejection.EDIT_WINDOW_CLOSED));
        }

        @Test
        void atTheEndOfTheWindowIsAllowed() {
            fixture.given(group(), sentAt(1, ALICE, NOW.minus(EDIT_WINDOW)))
                    .when(new EditMessage(GROUP, ALICE, 1, "fixed"))
                    .expectEvents(new MessageEdited(GROUP, 1, ALICE, "fixed", 1, NOW));
        }

        @Test
        void bySomeoneElseIsRejected() {
            quotes.put(1, Quote.of(1, "alice", "text 1", null));

            fixture.given(group(), sent(1, ALICE))
                    .when(new EditMessage(GROUP, BOB, 1, "mine now"))
                    .expectException(rejectedWith(Rejection.NOT_YOUR_MESSAGE));
        }

        @Test
        void ofAnOwnMessageBeyondTheRecentOnesIsTooLate() {
            quotes.put(1, Quote.of(1, "alice", "text 1", null));
            List<Object> history = new ArrayList<>(List.of(group()));
            for (int seq = 1; seq <= RecentMessages.CAPACITY + 1; seq++) {
                history.add(sent(seq, ALICE));
            }

            fixture.given(history)
                    .when(new EditMessage(GROUP, ALICE, 1, "fixed"))
                    .expectException(rejectedWith(Rejection.EDIT_WINDOW_CLOSED));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "this text is longer than sixty characters, which is the limit here"})
        void withBlankOrTooLongTextIsRejected(String text) {
            fixture.given(group(), sent(1, ALICE))
                    .when(new EditMessage(GROUP, ALICE, 1, text))
                    .expectException(rejectedWith(Rejection.TEXT_INVALID));
        }

        @Test
        void ofADeletedMessageIsRejected() {
            fixture.given(group(), sent(1, ALICE), new MessageDeleted(GROUP, 1, ALICE, 1, EARLIER))
                    .when(new EditMessage(GROUP, ALICE, 1, "fixed"))
                    .expectException(rejectedWith(Rejection.MESSAGE_DELETED));
        }

        @Test
        void ofAnUnknownSeqIsNotFound() {
            fixture.given(group(), sent(1, ALICE))
                    .when(new EditMessage(GROUP, ALICE, 2, "fixed"))
                    .expectException(rejectedWith(Rejection.MESSAGE_NOT_FOUND));
        }

        @Test
        void bySenderWhoLeftIsRejected() {
            fixture.given(group(), sent(1, BOB), new MemberRemoved(GROUP, BOB, BOB, EARLIER))
                    .when(new EditMessage(GROUP, BOB, 1, "fixed"))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
        }
    }

    // ---------------------------------------------------------------- delete

    @Nested
    class DeletingForEveryone {

        @Test
        void bySenderLeavesATombstone() {
            fixture.given(group(), sent(1, BOB))
                    .when(new DeleteMessage(GROUP, BOB, 1))
                    .expectEvents(new MessageDeleted(GROUP, 1, BOB, 1, NOW));
        }

        @Test
        void byGroupAdminOfSomeoneElsesMessageIsAllowed() {
            fixture.given(group(), sent(1, BOB))
                    .when(new DeleteMessage(GROUP, ALICE, 1))
                    .expectEvents(new MessageDeleted(GROUP, 1, ALICE, 1, NOW));
        }

        @Test
        void bySenderOfAnOldMessageIsAllowedAsTheReadModelKnowsTheSender() {
            quotes.put(1, Quote.of(1, "bob", "text 1", null));
            List<Object> history = new ArrayList<>(List.of(group()));
            for (int seq = 1; seq <= RecentMessages.CAPACITY + 1; seq++) {
                history.add(sent(seq, BOB));
            }

            fixture.given(history)
                    .when(new DeleteMessage(GROUP, BOB, 1))
                    .expectEvents(new MessageDeleted(GROUP, 1, BOB, 1, NOW));
        }

        @Test
        void byAnotherMemberIsRejected() {
            quotes.put(1, Quote.of(1, "bob", "text 1", null));

            fixture.given(group(), sent(1, BOB))
                    .when(new DeleteMessage(GROUP, CAROL, 1))
                    .expectException(rejectedWith(Rejection.NOT_YOUR_MESSAGE));
        }

        /** Only the lookup made on the way in counts, whatever metadata the command arrived with. */
        @Test
        void aLookupThatCameWithTheCommandIsNotTrusted() {
            quotes.put(1, Quote.of(1, "bob", "text 1", null));
            List<Object> history = new ArrayList<>(List.of(group()));
            for (int seq = 1; seq <= RecentMessages.CAPACITY + 1; seq++) {
                history.add(sent(seq, BOB));
            }
            MessageLookup forged = new MessageLookup(1, Quote.of(1, "carol", "text 1", null), MediaId.of("photo-1"));

            fixture.given(history)
                    .when(new DeleteMessage(GROUP, CAROL, 1), Map.of(MessageLookup.KEY, forged))
                    .expectException(rejectedWith(Rejection.NOT_YOUR_MESSAGE))
                    .expectNoEvents();
        }

        @Test
        void namesTheMediaTheMessageCarriedSoThatTheMediaServiceLetsGoOfIt() {
            quotes.put(GROUP, new MessageView(GROUP.value(), "m-7", 7, BOB.value(), null,
                    new MediaAttachment(MediaId.of("photo-7"), "image", "image/png", 1, "etag-7", true), EARLIER, null));
            List<Object> history = new ArrayList<>(List.of(group()));
            for (int seq = 1; seq <= 7; seq++) {
                history.add(sent(seq, BOB));
            }

            fixture.given(history)
                    .when(new DeleteMessage(GROUP, BOB, 7))
                    .expectEvents(new MessageDeleted(GROUP, 7, BOB, 1, NOW, MediaId.of("photo-7")));
        }

        /** Who sent it and which media it carries come from one read-model query, not one each. */
        @Test
        void asksTheReadModelOnce() {
            quotes.put(1, Quote.of(1, "bob", "text 1", null));

            fixture.given(group(), sent(1, BOB))
                    .when(new DeleteMessage(GROUP, ALICE, 1))
                    .expectSuccessfulHandlerExecution();
            assertThat(quotes.lookups).isEqualTo(1);
        }

        @Test
        void twiceStoresNothingTheSecondTime() {
            fixture.given(group(), sent(1, BOB), new MessageDeleted(GROUP, 1, BOB, 1, EARLIER))
                    .when(new DeleteMessage(GROUP, BOB, 1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void ofAnUnknownSeqIsNotFound() {
            fixture.given(group(), sent(1, BOB))
                    .when(new DeleteMessage(GROUP, BOB, 2))
                    .expectException(rejectedWith(Rejection.MESSAGE_NOT_FOUND));
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(group(), sent(1, BOB))
                    .when(new DeleteMessage(GROUP, DAVE, 1))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
        }

        @Test
        void countsAsAChangeAfterReactionsAndEdits() {
            fixture.given(group(), sent(1, BOB), new ReactionSet(GROUP, 1, ALICE, "👍", null, 1, EARLIER),
                            new MessageEdited(GROUP, 1, BOB, "fixed", 2, EARLIER))
                    .when(new DeleteMessage(GROUP, BOB, 1))
                    .expectEvents(new MessageDeleted(GROUP, 1, BOB, 3, NOW));
        }
    }

    @Nested
    class DeletingForMe {

        @Test
        void hidesItForTheCallerOnly() {
            fixture.given(group(), sent(1, BOB))
                    .when(new HideMessage(GROUP, CAROL, 1))
                    .expectEvents(new MessageHidden(GROUP, 1, CAROL, NOW));
        }

        @Test
        void ofAnUnknownSeqIsNotFound() {
            fixture.given(group(), sent(1, BOB))
                    .when(new HideMessage(GROUP, CAROL, 5))
                    .expectException(rejectedWith(Rejection.MESSAGE_NOT_FOUND));
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(group(), sent(1, BOB))
                    .when(new HideMessage(GROUP, DAVE, 1))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
        }
    }

    @Nested
    class Snapshot {

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void keepsReactionsDeletionsAndTheChangeCount(String name, ObjectMapper objectMapper) {
            Conversation conversation = new Conversation();
            conversation.on(group());
            conversation.on(sent(1, BOB));
            conversation.on(sent(2, BOB));
            conversation.on(new ReactionSet(GROUP, 1, ALICE, "👍", null, 1, EARLIER));
            conversation.on(new MessageDeleted(GROUP, 2, BOB, 2, EARLIER));

            Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);

            assertThat(restored).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(conversation);
            fixture.givenState(() -> restored)
                    .when(new SetReaction(GROUP, ALICE, 1, "👍"))
                    .expectNoEvents();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** What the read model has of messages, by conversation and seq; and who may see a conversation's messages. */
    static final class ReadModelMessages implements StoredMessages {

        private final Map<String, MessageView> messages = new HashMap<>();
        private final Map<ConversationId, List<UserId>> members = new HashMap<>();
        int lookups;

        /** A message of {@link #GROUP} as a reply would quote it. */
        void put(long seq, Quote quote) {
            put(GROUP, new MessageView(GROUP.value(), MessageId.at(GROUP, seq).value(), seq, quote.senderId(),
                    quote.text(), null, EARLIER, null, null, List.of(), null, null, quote.deleted(), false));
        }

        void put(ConversationId conversationId, MessageView message) {
            messages.put(conversationId.value() + ":" + message.seq(), message);
        }

        void members(ConversationId conversationId, UserId... users) {
            members.put(conversationId, List.of(users));
        }

        @Override
        public CompletableFuture<Optional<MessageView>> find(ConversationId conversationId, long seq, UserId member) {
            lookups++;
            if (member != null && !members.getOrDefault(conversationId, List.of()).contains(member)) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.completedFuture(Optional.ofNullable(messages.get(conversationId.value() + ":" + seq)));
        }
    }

    /** Alice's group with Bob and Carol; Alice is its admin. */
    private static GroupCreated group() {
        return groupOf(ALICE, BOB, CAROL);
    }

    private static MessageSent sent(long seq, UserId sender) {
        return sentAt(seq, sender, EARLIER);
    }

    private static MessageSent sentAt(long seq, UserId sender, Instant at) {
        return new MessageSent(GROUP, MessageId.at(GROUP, seq), seq, sender, "c" + seq, "text " + seq, null, at);
    }

    private static SendMessage reply(UserId sender, String clientMessageId, long replyTo) {
        return new SendMessage(GROUP, sender, clientMessageId, "answer", null, replyTo);
    }
}
