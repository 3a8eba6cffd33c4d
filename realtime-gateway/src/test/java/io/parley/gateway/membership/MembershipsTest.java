package io.parley.gateway.membership;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.ConversationKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipsTest {

    private static final ConversationId GROUP = ConversationId.of("group-1");
    private static final ConversationId DIRECT = ConversationId.of("direct-1");
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final UserId CAROL = UserId.of("carol");

    private final Memberships memberships = new Memberships();

    @Test
    void knowsTheMembersOfAStartedConversationAndItsLastSeq() {
        memberships.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, BOB));
        memberships.sent(GROUP, 1);
        memberships.sent(GROUP, 2);

        assertThat(memberships.of(GROUP)).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(memberships.isMember(GROUP, ALICE)).isTrue();
        assertThat(memberships.isMember(GROUP, CAROL)).isFalse();
        assertThat(memberships.lastSeqIfMember(GROUP, BOB)).isEqualTo(2);
        assertThat(memberships.lastSeqIfMember(GROUP, CAROL)).isEqualTo(-1);
    }

    @Test
    void followsMembersAddedAndRemoved() {
        memberships.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, BOB));
        memberships.added(GROUP, List.of(CAROL));
        memberships.removed(GROUP, BOB);

        assertThat(memberships.of(GROUP)).containsExactlyInAnyOrder(ALICE, CAROL);
        assertThat(memberships.contactsOf(BOB)).isEmpty();
        assertThat(memberships.contactsOf(CAROL)).containsExactly(ALICE);
    }

    @Test
    void anUnknownConversationHasNoMembersAndAskingLeavesNothingBehind() {
        memberships.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, BOB));
        for (int i = 0; i < 1_000; i++) {
            ConversationId unknown = ConversationId.of(UUID.randomUUID().toString());
            assertThat(memberships.of(unknown)).isEmpty();
            assertThat(memberships.isMember(unknown, ALICE)).isFalse();
            assertThat(memberships.lastSeqIfMember(unknown, ALICE)).isEqualTo(-1);
            memberships.sent(unknown, 5);
            memberships.removed(unknown, ALICE);
        }
        assertThat(memberships.size()).isEqualTo(1);
    }

    @Test
    void aConversationEveryoneLeftIsForgotten() {
        memberships.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, BOB));
        memberships.removed(GROUP, ALICE);
        memberships.removed(GROUP, BOB);

        assertThat(memberships.size()).isZero();
        assertThat(memberships.contactsOf(ALICE)).isEmpty();
    }

    @Test
    void contactsAreEveryoneSharingAConversationExceptTheUser() {
        memberships.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE, BOB, CAROL));
        memberships.started(DIRECT, ConversationKind.DIRECT, null, List.of(ALICE, BOB));

        assertThat(memberships.contactsOf(ALICE)).containsExactlyInAnyOrder(BOB, CAROL);
        assertThat(memberships.contactsOf(CAROL)).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(memberships.contactsOf(UserId.of("dave"))).isEmpty();
    }

    @Test
    void theLastSeqOnlyMovesUp() {
        memberships.started(GROUP, ConversationKind.GROUP, "Team", List.of(ALICE));
        memberships.sent(GROUP, 7);
        memberships.sent(GROUP, 3);

        assertThat(memberships.lastSeqIfMember(GROUP, ALICE)).isEqualTo(7);
    }
}
