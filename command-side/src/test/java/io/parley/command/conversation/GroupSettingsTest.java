package io.parley.command.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.conversation.AdminDemoted;
import io.parley.api.conversation.AdminPromoted;
import io.parley.api.conversation.CreateInviteLink;
import io.parley.api.conversation.DemoteAdmin;
import io.parley.api.conversation.DescribeGroup;
import io.parley.api.conversation.GroupDescribed;
import io.parley.api.conversation.GroupRenamed;
import io.parley.api.conversation.InviteLinkCreated;
import io.parley.api.conversation.InviteLinkRevoked;
import io.parley.api.conversation.InviteTokens;
import io.parley.api.conversation.JoinByInviteLink;
import io.parley.api.conversation.MemberRemoved;
import io.parley.api.conversation.MembersAdded;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import io.parley.api.conversation.OnlyAdminsSendChanged;
import io.parley.api.conversation.PromoteAdmin;
import io.parley.api.conversation.RenameGroup;
import io.parley.api.conversation.RevokeInviteLink;
import io.parley.api.conversation.SendMessage;
import io.parley.api.conversation.SetOnlyAdminsSend;
import io.parley.command.axon.SnapshotSerialization;
import io.parley.api.problem.Rejection;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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

/** Groups people can run: rename, description, admins, who may send, invite links. */
class GroupSettingsTest {

    private static final int MAX_GROUP_SIZE = 3;
    private static final int MAX_TITLE_LENGTH = 10;

    private static final String TOKEN = InviteTokens.newToken();
    private static final String HASH = InviteTokens.hash(TOKEN);

    private AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = conversationFixture().limits(MAX_GROUP_SIZE, 20, MAX_TITLE_LENGTH).build();
    }

    @Nested
    class Renaming {

        @Test
        void adminRenamesTheGroupWithTheTitleStripped() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RenameGroup(GROUP, ALICE, "  Crew "))
                    .expectEvents(new GroupRenamed(GROUP, ALICE, "Crew", NOW));
        }

        @Test
        void theSameTitleStoresNothing() {
            fixture.given(groupOf(ALICE, BOB), new GroupRenamed(GROUP, ALICE, "Crew", EARLIER))
                    .when(new RenameGroup(GROUP, ALICE, "Crew"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theCreationTitleCountsAsTheCurrentOne() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RenameGroup(GROUP, ALICE, "Team"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "elevenchars"})
        void emptyOrTooLongTitleIsRejected(String title) {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RenameGroup(GROUP, ALICE, title))
                    .expectException(rejectedWith(Rejection.INVALID_REQUEST))
                    .expectNoEvents();
        }

        @Test
        void byNonAdminIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RenameGroup(GROUP, BOB, "Crew"))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void byNonMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new RenameGroup(GROUP, CAROL, "Crew"))
                    .expectException(rejectedWith(Rejection.NOT_A_MEMBER))
                    .expectNoEvents();
        }

        @Test
        void aDirectConversationIsRejected() {
            fixture.given(directStarted())
                    .when(new RenameGroup(DIRECT, ALICE, "Crew"))
                    .expectException(rejectedWith(Rejection.NOT_A_GROUP))
                    .expectNoEvents();
        }
    }

    @Nested
    class Describing {

        @Test
        void adminDescribesTheGroup() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new DescribeGroup(GROUP, ALICE, " Weekly plans "))
                    .expectEvents(new GroupDescribed(GROUP, ALICE, "Weekly plans", NOW));
        }

        @Test
        void anEmptyDescriptionClearsIt() {
            fixture.given(groupOf(ALICE, BOB), new GroupDescribed(GROUP, ALICE, "Weekly plans", EARLIER))
                    .when(new DescribeGroup(GROUP, ALICE, null))
                    .expectEvents(new GroupDescribed(GROUP, ALICE, "", NOW));
        }

        @Test
        void theSameDescriptionStoresNothing() {
            fixture.given(groupOf(ALICE, BOB), new GroupDescribed(GROUP, ALICE, "Weekly plans", EARLIER))
                    .when(new DescribeGroup(GROUP, ALICE, "Weekly plans"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void clearingNoDescriptionStoresNothing() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new DescribeGroup(GROUP, ALICE, ""))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void tooLongIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new DescribeGroup(GROUP, ALICE, "d".repeat(GroupSettings.MAX_DESCRIPTION_LENGTH + 1)))
                    .expectException(rejectedWith(Rejection.INVALID_REQUEST))
                    .expectNoEvents();
        }

        @Test
        void byNonAdminIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new DescribeGroup(GROUP, BOB, "mine"))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }
    }

    @Nested
    class PromotingAndDemoting {

        @Test
        void adminPromotesAMember() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new PromoteAdmin(GROUP, ALICE, BOB))
                    .expectEvents(new AdminPromoted(GROUP, ALICE, BOB, NOW));
        }

        @Test
        void promotingAnAdminStoresNothing() {
            fixture.given(groupOf(ALICE, BOB), new AdminPromoted(GROUP, ALICE, BOB, EARLIER))
                    .when(new PromoteAdmin(GROUP, ALICE, BOB))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aPromotedMemberMayActAsAdmin() {
            fixture.given(groupOf(ALICE, BOB), new AdminPromoted(GROUP, ALICE, BOB, EARLIER))
                    .when(new RenameGroup(GROUP, BOB, "Crew"))
                    .expectEvents(new GroupRenamed(GROUP, BOB, "Crew", NOW));
        }

        @Test
        void promotingByNonAdminIsRejected() {
            fixture.given(groupOf(ALICE, BOB, CAROL))
                    .when(new PromoteAdmin(GROUP, BOB, CAROL))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void promotingANonMemberIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new PromoteAdmin(GROUP, ALICE, DAVE))
                    .expectException(rejectedWith(Rejection.INVALID_REQUEST))
                    .expectNoEvents();
        }

        @Test
        void adminDemotesAnotherAdmin() {
            fixture.given(groupOf(ALICE, BOB), new AdminPromoted(GROUP, ALICE, BOB, EARLIER))
                    .when(new DemoteAdmin(GROUP, ALICE, BOB))
                    .expectEvents(new AdminDemoted(GROUP, ALICE, BOB, NOW));
        }

        @Test
        void adminStepsDownWhileAnotherAdminRemains() {
            fixture.given(groupOf(ALICE, BOB), new AdminPromoted(GROUP, ALICE, BOB, EARLIER))
                    .when(new DemoteAdmin(GROUP, ALICE, ALICE))
                    .expectEvents(new AdminDemoted(GROUP, ALICE, ALICE, NOW));
        }

        @Test
        void theLastAdminCannotStepDown() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new DemoteAdmin(GROUP, ALICE, ALICE))
                    .expectException(rejectedWith(Rejection.LAST_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void demotingAPlainMemberStoresNothing() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new DemoteAdmin(GROUP, ALICE, BOB))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aDemotedAdminMayNoLongerActAsAdmin() {
            fixture.given(groupOf(ALICE, BOB), new AdminPromoted(GROUP, ALICE, BOB, EARLIER),
                            new AdminDemoted(GROUP, ALICE, BOB, EARLIER))
                    .when(new RenameGroup(GROUP, BOB, "Crew"))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void demotingByNonAdminIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new DemoteAdmin(GROUP, BOB, ALICE))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }
    }

    @Nested
    class OnlyAdminsSend {

        @Test
        void adminLetsOnlyAdminsSend() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SetOnlyAdminsSend(GROUP, ALICE, true))
                    .expectEvents(new OnlyAdminsSendChanged(GROUP, ALICE, true, NOW));
        }

        @Test
        void settingItAsItIsStoresNothing() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SetOnlyAdminsSend(GROUP, ALICE, false))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void byNonAdminIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new SetOnlyAdminsSend(GROUP, BOB, true))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void thenANonAdminSendIsRejected() {
            fixture.given(groupOf(ALICE, BOB), new OnlyAdminsSendChanged(GROUP, ALICE, true, EARLIER))
                    .when(new SendMessage(GROUP, BOB, "c1", "hello", null))
                    .expectException(rejectedWith(Rejection.ONLY_ADMINS_SEND))
                    .expectNoEvents();
        }

        @Test
        void thenAnAdminStillSends() {
            fixture.given(groupOf(ALICE, BOB), new OnlyAdminsSendChanged(GROUP, ALICE, true, EARLIER))
                    .when(new SendMessage(GROUP, ALICE, "c1", "hello", null))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, ALICE, "c1", "hello", null, NOW));
        }

        @Test
        void aRetryOfASendAcceptedBeforeStillAnswersTheOriginal() {
            MessageSent earlier = new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, BOB, "c1", "hello", null, EARLIER);
            fixture.given(groupOf(ALICE, BOB), earlier, new OnlyAdminsSendChanged(GROUP, ALICE, true, EARLIER))
                    .when(new SendMessage(GROUP, BOB, "c1", "hello", null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void everyoneSendsAgainOnceLifted() {
            fixture.given(groupOf(ALICE, BOB), new OnlyAdminsSendChanged(GROUP, ALICE, true, EARLIER),
                            new OnlyAdminsSendChanged(GROUP, ALICE, false, EARLIER))
                    .when(new SendMessage(GROUP, BOB, "c1", "hello", null))
                    .expectEvents(new MessageSent(GROUP, MessageId.at(GROUP, 1), 1, BOB, "c1", "hello", null, NOW));
        }
    }

    @Nested
    class InviteLinks {

        @Test
        void adminCreatesALinkKeepingOnlyItsHash() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new CreateInviteLink(GROUP, ALICE, HASH))
                    .expectEvents(new InviteLinkCreated(GROUP, ALICE, HASH, NOW));
            assertThat(HASH).doesNotContain(TOKEN).hasSize(64);
        }

        @Test
        void creatingByNonAdminIsRejected() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new CreateInviteLink(GROUP, BOB, HASH))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void adminRevokesTheLink() {
            fixture.given(groupOf(ALICE, BOB), linkCreated())
                    .when(new RevokeInviteLink(GROUP, ALICE))
                    .expectEvents(new InviteLinkRevoked(GROUP, ALICE, NOW));
        }

        @Test
        void revokingNoLinkStoresNothing() {
            fixture.given(groupOf(ALICE, BOB), linkCreated(), new InviteLinkRevoked(GROUP, ALICE, EARLIER))
                    .when(new RevokeInviteLink(GROUP, ALICE))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void revokingByNonAdminIsRejected() {
            fixture.given(groupOf(ALICE, BOB), linkCreated())
                    .when(new RevokeInviteLink(GROUP, BOB))
                    .expectException(rejectedWith(Rejection.NOT_AN_ADMIN))
                    .expectNoEvents();
        }

        @Test
        void aUserJoinsWithTheToken() {
            fixture.given(groupOf(ALICE, BOB), linkCreated())
                    .when(new JoinByInviteLink(GROUP, CAROL, InviteTokens.hash(TOKEN)))
                    .expectEvents(new MembersAdded(GROUP, CAROL, List.of(CAROL), NOW));
        }

        @Test
        void aMemberJoiningAgainStoresNothing() {
            fixture.given(groupOf(ALICE, BOB), linkCreated())
                    .when(new JoinByInviteLink(GROUP, BOB, HASH))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aFormerMemberMayJoinAgain() {
            fixture.given(groupOf(ALICE, BOB), linkCreated(), new MemberRemoved(GROUP, BOB, BOB, EARLIER))
                    .when(new JoinByInviteLink(GROUP, BOB, HASH))
                    .expectEvents(new MembersAdded(GROUP, BOB, List.of(BOB), NOW));
        }

        @Test
        void aWrongTokenIsRejected() {
            fixture.given(groupOf(ALICE, BOB), linkCreated())
                    .when(new JoinByInviteLink(GROUP, CAROL, InviteTokens.hash(InviteTokens.newToken())))
                    .expectException(rejectedWith(Rejection.INVITE_LINK_INVALID))
                    .expectNoEvents();
        }

        @Test
        void aRevokedLinkIsRejected() {
            fixture.given(groupOf(ALICE, BOB), linkCreated(), new InviteLinkRevoked(GROUP, ALICE, EARLIER))
                    .when(new JoinByInviteLink(GROUP, CAROL, HASH))
                    .expectException(rejectedWith(Rejection.INVITE_LINK_INVALID))
                    .expectNoEvents();
        }

        @Test
        void aReplacedLinkIsRejected() {
            fixture.given(groupOf(ALICE, BOB), linkCreated(),
                            new InviteLinkCreated(GROUP, ALICE, InviteTokens.hash(InviteTokens.newToken()), EARLIER))
                    .when(new JoinByInviteLink(GROUP, CAROL, HASH))
                    .expectException(rejectedWith(Rejection.INVITE_LINK_INVALID))
                    .expectNoEvents();
        }

        @Test
        void aGroupWithoutLinkRejectsEveryToken() {
            fixture.given(groupOf(ALICE, BOB))
                    .when(new JoinByInviteLink(GROUP, CAROL, HASH))
                    .expectException(rejectedWith(Rejection.INVITE_LINK_INVALID))
                    .expectNoEvents();
        }

        @Test
        void aFullGroupIsRejected() {
            fixture.given(groupOf(ALICE, BOB, CAROL), linkCreated())
                    .when(new JoinByInviteLink(GROUP, DAVE, HASH))
                    .expectException(rejectedWith(Rejection.GROUP_FULL))
                    .expectNoEvents();
        }
    }

    @Nested
    class Snapshots {

        @ParameterizedTest(name = "{0}")
        @MethodSource(SnapshotSerialization.OBJECT_MAPPERS)
        void restoreTheGroupSettingsAndTheLinkHash(String name, ObjectMapper objectMapper) {
            Conversation conversation = new Conversation();
            conversation.on(groupOf(ALICE, BOB));
            conversation.on(new GroupRenamed(GROUP, ALICE, "Crew", EARLIER));
            conversation.on(new GroupDescribed(GROUP, ALICE, "Weekly", EARLIER));
            conversation.on(new AdminPromoted(GROUP, ALICE, BOB, EARLIER));
            conversation.on(new OnlyAdminsSendChanged(GROUP, ALICE, true, EARLIER));
            conversation.on(linkCreated());

            Conversation restored = SnapshotSerialization.roundTrip(conversation, objectMapper);

            assertThat(restored).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(conversation);
            fixture.givenState(() -> restored)
                    .when(new JoinByInviteLink(GROUP, CAROL, HASH))
                    .expectEvents(new MembersAdded(GROUP, CAROL, List.of(CAROL), NOW));
        }
    }

    private static InviteLinkCreated linkCreated() {
        return new InviteLinkCreated(GROUP, ALICE, HASH, EARLIER);
    }
}
