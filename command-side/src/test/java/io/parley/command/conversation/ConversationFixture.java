package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.GroupCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Conversation} aggregate's test fixture as its tests share it (limits, the lookups made before loading,
 * a fixed clock), and the people, conversations and given events they start from. A test sets only what it is about:
 * {@code conversationFixture().limits(3, 20, 10).blocks(blocks).build()}.
 */
final class ConversationFixture {

    static final UserId ALICE = UserId.of("alice");
    static final UserId BOB = UserId.of("bob");
    static final UserId CAROL = UserId.of("carol");
    static final UserId DAVE = UserId.of("dave");

    static final ConversationId DIRECT = ConversationId.direct(ALICE, BOB);
    static final ConversationId GROUP = ConversationId.of("group-1");

    /** When given events happened. Millisecond precision, like every timestamp the aggregate records. */
    static final Instant EARLIER = Instant.parse("2024-06-01T11:50:00.123Z");
    /** The fixture's clock during {@code when}, unless a test sets another. */
    static final Instant NOW = Instant.parse("2024-06-01T12:00:00.456Z");
    static final Duration EDIT_WINDOW = Duration.ofMinutes(15);

    /** For fixtures that name no earlier message: the read model has none (every quote is only its seq). */
    static final StoredMessages NO_MESSAGES =
            (conversationId, seq, member) -> CompletableFuture.completedFuture(Optional.empty());
    /**
     * For fixtures where nobody blocks anybody and everybody talked with everybody: nobody added to a group gets an
     * invitation instead.
     */
    static final DirectChats NO_BLOCKS_NO_STRANGERS = (user, candidates) -> DirectChats.Standing.NONE;

    private ConversationLimits limits = new ConversationLimits(10, 100, 20);
    private AttachableMedia media = new KnownMedia();
    private StoredMessages messages = NO_MESSAGES;
    private DirectChats directChats = NO_BLOCKS_NO_STRANGERS;

    private ConversationFixture() {
    }

    /** Roomy limits, no media, no stored messages, no blocks, an edit window of {@link #EDIT_WINDOW}. */
    static ConversationFixture conversationFixture() {
        return new ConversationFixture();
    }

    ConversationFixture limits(int maxGroupSize, int maxTextLength, int maxTitleLength) {
        limits = new ConversationLimits(maxGroupSize, maxTextLength, maxTitleLength);
        return this;
    }

    ConversationFixture media(AttachableMedia media) {
        this.media = media;
        return this;
    }

    ConversationFixture messages(StoredMessages messages) {
        this.messages = messages;
        return this;
    }

    ConversationFixture directChats(DirectChats directChats) {
        this.directChats = directChats;
        return this;
    }

    AggregateTestFixture<Conversation> build() {
        AggregateTestFixture<Conversation> fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerInjectableResource(limits);
        fixture.registerInjectableResource(new MessageActionLimits(EDIT_WINDOW));
        fixture.registerCommandHandlerInterceptor(new LookupBeforeLoading(media, messages, directChats));
        fixture.givenCurrentTime(NOW);
        return fixture;
    }

    // ---------------------------------------------------------------- given events

    /** Alice's and Bob's direct conversation, started by Alice. */
    static DirectConversationStarted directStarted() {
        return new DirectConversationStarted(DIRECT, ALICE, List.of(ALICE, BOB), EARLIER);
    }

    /** A group titled "Team" created by the first user, who is its admin. */
    static GroupCreated groupOf(UserId creator, UserId... others) {
        List<UserId> members = new ArrayList<>();
        members.add(creator);
        members.addAll(List.of(others));
        return new GroupCreated(GROUP, "Team", creator, members, EARLIER);
    }
}
