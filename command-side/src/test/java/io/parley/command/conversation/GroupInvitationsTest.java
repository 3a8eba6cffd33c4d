package io.parley.command.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.account.UserId;
import io.parley.api.conversation.AcceptMessageRequest;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.CancelGroupInvitation;
import io.parley.api.conversation.CreateGroup;
import io.parley.api.conversation.DeclineMessageRequest;
import io.parley.api.conversation.GroupCreated;
import io.parley.api.conversation.GroupInvitationAccepted;
import io.parley.api.conversation.GroupInvitationCancelled;
import io.parley.api.conversation.GroupInvitationDeclined;
import io.parley.api.conversation.GroupInvitationsOpened;
import io.parley.api.conversation.InviteLinkCreated;
import io.parley.api.conversation.InviteTokens;
import io.parley.api.conversation.JoinByInviteLink;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.RemoveMember;
import io.parley.api.conversation.PromoteAdmin;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.AdminPromoted;
import io.parley.api.problem.Rejection;
import io.parley.command.axon.SnapshotSerialization;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.parley.command.RejectionMatchers.rejectedWith;
import static io.parley.command.conversation.ConversationFixture.ALICE;
import static io.parley.command.conversation.ConversationFixture.BOB;
import static io.parley.command.conversation.ConversationFixture.CAROL;
import static io.parley.command.conversation.ConversationFixture.DAVE;
import static io.parley.command.conversation.ConversationFixture.EARLIER;
import static io.parley.command.conversation.ConversationFixture.GROUP;
import static io.parley.command.conversation.ConversationFixture.NOW;
import static io.parley.command.conversation.ConversationFixture.conversationFixture;
import static io.parley.command.conversation.ConversationFixture.groupOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group invitations: while message requests are on, a user put into a group by someone they never talked with
 * ({@link DirectChats}; here Carol and Dave, to everyone) is invited instead of made a member, and accepts or
 * declines like a message request.
 */
class GroupInvitationsTest {

    private static final Set<UserId> STRANGERS = Set.of(CAROL, DAVE);
    private static final Map<String, Object> REQUESTS_ON = Map.of(MessageRequestSetting.KEY, true);

    private AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = conversationFixture().limits(4, 100, 20)
                .directChats((user, candidates) -> new DirectChats.Standing(List.of(),
                        candidates.stream().filter(STRANGERS::contains).toList()))
                .build();
    }

    @Test
    void creatingAGroupWithAStrangerInvitesThem() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB, CAROL)), REQUESTS_ON)
                .expectEvents(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), NOW),
                        new GroupInvitationsOpened(GROUP, ALICE, List.of(CAROL), "Team", true, NOW));
    }

    @Test
    void withRequestsOffStrangersAreMembersAsBefore() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB, CAROL)), Map.of(MessageRequestSetting.KEY, false))
                .expectEvents(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB, CAROL), NOW));
    }

    @Test
    void creatingTheSameGroupAgainAnswersAsTheFirstTime() {
        fixture.given(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), EARLIER), invitedAtCreation(CAROL))
                .when(new CreateGroup(GROUP, ALICE, "Team", List.of(CAROL, BOB)), REQUESTS_ON)
                .expectNoEvents()
                .expectResultMessagePayload(GROUP);
    }

    @Test
    void creatingAnotherGroupWithTheSameKeyIsStillRefused() {
        fixture.given(new GroupCreated(GROUP, "Team", ALICE, List.of(ALICE, BOB), EARLIER), invitedAtCreation(CAROL))
                .when(new CreateGroup(GROUP, ALICE, "Team", List.of(BOB)), REQUESTS_ON)
                .expectException(rejectedWith(Rejection.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void addingAStrangerInvitesThemAndAnAcquaintanceJoins() {
        fixture.given(groupOf(ALICE))
                .when(new AddMembers(GROUP, ALICE, List.of(BOB, CAROL)), REQUESTS_ON)
                .expectEvents(new MembersAdded(GROUP, ALICE, List.of(BOB), NOW),
                        new GroupInvitationsOpened(GROUP, ALICE, List.of(CAROL), "Team", false, NOW));
    }

    @Test
    void addingSomeoneInvitedAlreadyChangesNothing() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new AddMembers(GROUP, BOB, List.of(CAROL)), REQUESTS_ON)
                .expectException(rejectedWith(Rejection.NOT_AN_ADMIN));
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new AddMembers(GROUP, ALICE, List.of(CAROL)), REQUESTS_ON)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void invitationsCountTowardsTheGroupSize() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL, DAVE))
                .when(new AddMembers(GROUP, ALICE, List.of(UserId.of("erin"))), REQUESTS_ON)
                .expectException(rejectedWith(Rejection.GROUP_FULL));
    }

    @Test
    void theInvitedAccepts() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new AcceptMessageRequest(GROUP, CAROL))
                .expectEvents(new GroupInvitationAccepted(GROUP, CAROL, ALICE, NOW),
                        new MembersAdded(GROUP, ALICE, List.of(CAROL), NOW));
    }

    @Test
    void acceptingAgainChangesNothing() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), accepted(CAROL), new MembersAdded(GROUP, ALICE, List.of(CAROL), EARLIER))
                .when(new AcceptMessageRequest(GROUP, CAROL))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void someoneNeitherInvitedNorAMemberCannotAccept() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new AcceptMessageRequest(GROUP, DAVE))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
    }

    @Test
    void theInvitedDeclines() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new DeclineMessageRequest(GROUP, CAROL))
                .expectEvents(new GroupInvitationDeclined(GROUP, CAROL, ALICE, NOW));
    }

    @Test
    void decliningAgainChangesNothing() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), declined(CAROL))
                .when(new DeclineMessageRequest(GROUP, CAROL))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void afterDecliningTheInvitationIsGone() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), declined(CAROL))
                .when(new AcceptMessageRequest(GROUP, CAROL))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
    }

    @Test
    void aDeclinerMayBeInvitedAgain() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), declined(CAROL))
                .when(new AddMembers(GROUP, ALICE, List.of(CAROL)), REQUESTS_ON)
                .expectEvents(new GroupInvitationsOpened(GROUP, ALICE, List.of(CAROL), "Team", false, NOW));
    }

    @Test
    void aMemberHasNoInvitationToDecline() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new DeclineMessageRequest(GROUP, BOB))
                .expectException(rejectedWith(Rejection.NOT_A_MESSAGE_REQUEST));
    }

    @Test
    void someoneNeitherInvitedNorAMemberCannotDecline() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new DeclineMessageRequest(GROUP, DAVE))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
    }

    @Test
    void theInvitedIsNoMemberUntilTheyAccept() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new SendMessage(GROUP, CAROL, "c1", "hi", null))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new RemoveMember(GROUP, CAROL, CAROL))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
    }

    @Test
    void joiningByTheLinkAcceptsTheInvitation() {
        String hash = InviteTokens.hash(InviteTokens.newToken());
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), new InviteLinkCreated(GROUP, ALICE, hash, EARLIER))
                .when(new JoinByInviteLink(GROUP, CAROL, hash))
                .expectEvents(new GroupInvitationAccepted(GROUP, CAROL, ALICE, NOW),
                        new MembersAdded(GROUP, CAROL, List.of(CAROL), NOW));
    }

    // ---------------------------------------------------------------- an admin cancels an invitation

    @Test
    void anAdminCancelsAnOpenInvitation() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL, DAVE))
                .when(new CancelGroupInvitation(GROUP, ALICE, CAROL))
                .expectEvents(new GroupInvitationCancelled(GROUP, CAROL, ALICE, ALICE, NOW));
    }

    @Test
    void anyAdminCancelsAnotherAdminsInvitation() {
        fixture.given(groupOf(ALICE, BOB), new AdminPromoted(GROUP, ALICE, BOB, EARLIER), invited(CAROL))
                .when(new CancelGroupInvitation(GROUP, BOB, CAROL))
                .expectEvents(new GroupInvitationCancelled(GROUP, CAROL, ALICE, BOB, NOW));
    }

    @Test
    void aMemberWhoIsNoAdminCannotCancel() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new CancelGroupInvitation(GROUP, BOB, CAROL))
                .expectException(rejectedWith(Rejection.NOT_AN_ADMIN));
    }

    @Test
    void someoneOutsideTheGroupCannotCancel() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL, DAVE))
                .when(new CancelGroupInvitation(GROUP, DAVE, CAROL))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
    }

    @Test
    void aDirectChatHasNoInvitationsToCancel() {
        fixture.given(ConversationFixture.directStarted())
                .when(new CancelGroupInvitation(ConversationFixture.DIRECT, ALICE, BOB))
                .expectException(rejectedWith(Rejection.NOT_A_GROUP));
    }

    @Test
    void someoneNeverInvitedHasNoInvitationToCancel() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL))
                .when(new CancelGroupInvitation(GROUP, ALICE, DAVE))
                .expectException(rejectedWith(Rejection.NO_OPEN_INVITATION));
    }

    @Test
    void aMemberHasNoInvitationToCancel() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), accepted(CAROL), new MembersAdded(GROUP, ALICE, List.of(CAROL), EARLIER))
                .when(new CancelGroupInvitation(GROUP, ALICE, CAROL))
                .expectException(rejectedWith(Rejection.NO_OPEN_INVITATION));
    }

    @Test
    void cancellingAgainChangesNothing() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), cancelled(CAROL))
                .when(new CancelGroupInvitation(GROUP, ALICE, CAROL))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /** The invitee declined a moment before the admin's cancel reached the group: the invitation is gone either way. */
    @Test
    void cancellingADeclinedInvitationChangesNothing() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), declined(CAROL))
                .when(new CancelGroupInvitation(GROUP, ALICE, CAROL))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void afterACancelThereIsNothingToAccept() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), cancelled(CAROL))
                .when(new AcceptMessageRequest(GROUP, CAROL))
                .expectException(rejectedWith(Rejection.NOT_A_MEMBER));
    }

    /** The invitee declined as the admin cancelled: their decline changes nothing, as a second decline would. */
    @Test
    void decliningACancelledInvitationChangesNothing() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), cancelled(CAROL))
                .when(new DeclineMessageRequest(GROUP, CAROL))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aCancelledInvitationNoLongerCountsTowardsTheGroupSize() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL, DAVE), cancelled(DAVE))
                .when(new AddMembers(GROUP, ALICE, List.of(UserId.of("erin"))), REQUESTS_ON)
                .expectEvents(new MembersAdded(GROUP, ALICE, List.of(UserId.of("erin")), NOW));
    }

    @Test
    void someoneWhoseInvitationWasCancelledMayBeInvitedAgain() {
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), cancelled(CAROL))
                .when(new AddMembers(GROUP, ALICE, List.of(CAROL)), REQUESTS_ON)
                .expectEvents(new GroupInvitationsOpened(GROUP, ALICE, List.of(CAROL), "Team", false, NOW));
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), cancelled(CAROL),
                        new GroupInvitationsOpened(GROUP, ALICE, List.of(CAROL), "Team", false, EARLIER))
                .when(new CancelGroupInvitation(GROUP, ALICE, CAROL))
                .expectEvents(new GroupInvitationCancelled(GROUP, CAROL, ALICE, ALICE, NOW));
    }

    @Test
    void theInviteLinkStillLetsSomeoneWhoseInvitationWasCancelledJoin() {
        String hash = InviteTokens.hash(InviteTokens.newToken());
        fixture.given(groupOf(ALICE, BOB), invited(CAROL), cancelled(CAROL), new InviteLinkCreated(GROUP, ALICE, hash, EARLIER))
                .when(new JoinByInviteLink(GROUP, CAROL, hash))
                .expectEvents(new MembersAdded(GROUP, CAROL, List.of(CAROL), NOW));
    }

    /** A snapshot keeps the invitations: the one loaded from it still accepts, and a decliner declines no more. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
    void aSnapshotKeepsTheInvitations(String name, ObjectMapper objectMapper) {
        Conversation conversation = new Conversation();
        conversation.on(groupOf(ALICE, BOB));
        conversation.on(invited(CAROL, DAVE));
        conversation.on(declined(DAVE));
        conversation.on(invited(UserId.of("erin")));
        conversation.on(cancelled(UserId.of("erin")));

        Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);

        assertThat(restored.isInvited(CAROL)).isTrue();
        assertThat(restored.isInvited(DAVE)).isFalse();
        assertThat(restored.hasDeclinedInvitation(DAVE)).isTrue();
        assertThat(restored.isInvited(UserId.of("erin"))).isFalse();
        assertThat(restored.hasCancelledInvitation(UserId.of("erin"))).isTrue();
    }

    private static GroupInvitationsOpened invited(UserId... users) {
        return new GroupInvitationsOpened(GROUP, ALICE, List.of(users), "Team", false, EARLIER);
    }

    private static GroupInvitationsOpened invitedAtCreation(UserId... users) {
        return new GroupInvitationsOpened(GROUP, ALICE, List.of(users), "Team", true, EARLIER);
    }

    private static GroupInvitationAccepted accepted(UserId user) {
        return new GroupInvitationAccepted(GROUP, user, ALICE, EARLIER);
    }

    private static GroupInvitationCancelled cancelled(UserId user) {
        return new GroupInvitationCancelled(GROUP, user, ALICE, ALICE, EARLIER);
    }

    private static GroupInvitationDeclined declined(UserId user) {
        return new GroupInvitationDeclined(GROUP, user, ALICE, EARLIER);
    }
}
