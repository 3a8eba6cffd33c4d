package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.platform.testing.WebPushReceiver;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static io.parley.standalone.QueryAccessTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Group invitations over HTTP and WebSocket: a user put into a group by someone they never talked with (no direct chat
 * between them that is no request awaiting them) is invited instead of made a member. They see the group's title and
 * who invited them, as a request in their list, and nothing of its messages, typing or presence (live, on resume or
 * pushed) until they accept; declining is silent to the group. On by default; the shared application of the other
 * tests turns it off (src/test/resources/config/application.yml), so this one has an application of its own.
 */
@SpringBootTest(classes = StandaloneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parley.message-requests.group-invitations=true", "parley.push.allow-local-endpoints=true",
                "parley.push.coalesce-window=200ms"})
class GroupInvitationRequestsFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Path DATA_DIR = StandaloneTest.newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    private ParleyClient client;
    private Session alice;
    private Session bob;
    private Session carol;

    /** Alice and Bob talked (Bob accepted Alice's chat); Carol never talked with either. */
    @BeforeEach
    void aliceKnowsBobNotCarol() {
        client = new ParleyClient(port);
        alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
        carol = client.registerAndLogin(StandaloneTest.uniqueName("carol"));
        String direct = openDirect(alice, bob);
        assertThat(client.post(request(direct, "accept"), bob.accessToken(), null).status()).isEqualTo(204);
    }

    @Test
    void aStrangerIsInvitedAndSharesNothingWithTheGroupUntilAccepting() throws Exception {
        try (SocketClient alicePhone = live(alice); SocketClient carolPhone = live(carol)) {
            String group = createGroup(alice, "Climbing", bob, carol);

            JsonNode invited = carolPhone.await(conversationFrame("invited", group), WAIT);
            assertThat(invited.path("kind").asText()).isEqualTo("GROUP");
            assertThat(invited.path("title").asText()).isEqualTo("Climbing");
            assertThat(invited.path("by").asText()).isEqualTo(alice.userId());
            JsonNode created = alicePhone.await(conversationFrame("created", group), WAIT);
            assertThat(ids(created.path("members"))).as("members: bob, who knows alice, not carol")
                    .containsExactlyInAnyOrder(alice.userId(), bob.userId());

            JsonNode forCarol = awaitSummary(carol, group, s -> true);
            assertThat(forCarol.path("request").asBoolean()).as("an invitation is a request").isTrue();
            assertThat(forCarol.path("title").asText()).isEqualTo("Climbing");
            assertThat(forCarol.path("invitedBy").path("userId").asText()).isEqualTo(alice.userId());
            assertThat(forCarol.path("invitedBy").path("displayName").asText()).isNotBlank();
            assertThat(forCarol.path("lastMessage").isMissingNode() || forCarol.path("lastMessage").isNull()).isTrue();
            JsonNode forBob = awaitSummary(bob, group, s -> true);
            assertThat(forBob.path("request").asBoolean()).isFalse();
            assertThat(forBob.path("invitedBy").isMissingNode() || forBob.path("invitedBy").isNull()).isTrue();

            assertThat(send(group, alice, "a1", "welcome, climbers").status()).isEqualTo(201);
            alicePhone.await(f -> isMessage(f, group, 1), WAIT);
            carolPhone.send(Map.of("type", "typing", "conversationId", group, "state", "start"));
            JsonNode typingRefused = carolPhone.await(f -> f.path("type").asText().equals("error"), WAIT);
            assertThat(typingRefused.path("problemType").asText()).isEqualTo("urn:parley:problem:not-a-member");
            assertThat(carolPhone.collectAll(QUIET)).as("carol's frames while invited")
                    .noneMatch(f -> group.equals(f.path("conversationId").asText()))
                    .noneMatch(f -> about(f, alice.userId()) || about(f, bob.userId()));
            assertThat(alicePhone.collectAll(Duration.ofMillis(200))).as("alice's frames while carol is invited")
                    .noneMatch(f -> about(f, carol.userId()));
            assertProblem(client.get(messages(group), carol.accessToken()), 403, "not-a-member");
            assertProblem(send(group, carol, "c1", "hi?"), 403, "not-a-member");

            assertThat(client.post(request(group, "accept"), carol.accessToken(), null).status()).isEqualTo(204);

            JsonNode added = carolPhone.await(conversationFrame("membersAdded", group), WAIT);
            assertThat(ids(added.path("userIds"))).containsExactly(carol.userId());
            assertThat(added.path("by").asText()).as("added by who invited her").isEqualTo(alice.userId());
            alicePhone.await(f -> about(f, carol.userId()) && f.path("online").asBoolean(), WAIT);
            assertThat(send(group, alice, "a2", "glad you came").status()).isEqualTo(201);
            carolPhone.await(f -> isMessage(f, group, 2), WAIT);
            QueryFlowTest.await(() -> client.get(messages(group), carol.accessToken()).status(), status -> status == 200);
            awaitSummary(carol, group, s -> !s.path("request").asBoolean() && s.path("lastSeq").asLong() == 2);
        }
        assertThat(client.post(request(group(carol), "accept"), carol.accessToken(), null).status()).as("again")
                .isEqualTo(204);
        assertProblem(client.post(request(group(carol), "decline"), carol.accessToken(), null), 409,
                "not-a-message-request");
    }

    /**
     * Who talked is decided as for a direct chat: one who started a chat with the adder knows them, even unanswered;
     * one the adder wrote to and who did not answer, or declined, does not.
     */
    @Test
    void whoTalkedWithTheAdderIsDecidedByTheirDirectChat() {
        Session eve = client.registerAndLogin(StandaloneTest.uniqueName("eve"));
        Session frank = client.registerAndLogin(StandaloneTest.uniqueName("frank"));
        Session grace = client.registerAndLogin(StandaloneTest.uniqueName("grace"));
        openDirect(eve, alice);
        openDirect(alice, frank);
        String declined = openDirect(alice, grace);
        assertThat(client.post(request(declined, "decline"), grace.accessToken(), null).status()).isEqualTo(204);
        String group = createGroup(alice, "Book club", bob);

        Response added = client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(),
                Map.of("userIds", List.of(eve.userId(), frank.userId(), grace.userId())));
        assertThat(added.status()).as(added.toString()).isIn(200, 204);

        JsonNode forBob = awaitSummary(bob, group, s -> s.path("members").size() == 3);
        assertThat(memberIds(forBob)).containsExactlyInAnyOrder(alice.userId(), bob.userId(), eve.userId());
        assertThat(awaitSummary(eve, group, s -> true).path("request").asBoolean()).isFalse();
        assertThat(awaitSummary(frank, group, s -> true).path("request").asBoolean()).isTrue();
        assertThat(awaitSummary(grace, group, s -> true).path("request").asBoolean()).isTrue();

        Response again = client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(),
                Map.of("userIds", List.of(frank.userId())));
        assertThat(again.status()).as("adding someone invited already").isIn(200, 204);
        assertThat(memberIds(summary(bob, group))).doesNotContain(frank.userId());
    }

    @Test
    void declineIsSilentToTheGroupAndBlockingTheInviterKeepsThemOut() throws Exception {
        String group = createGroup(alice, "Poker", bob);
        try (SocketClient alicePhone = live(alice); SocketClient bobPhone = live(bob);
             SocketClient carolPhone = live(carol)) {
            addMembers(group, alice, carol);
            carolPhone.await(conversationFrame("invited", group), WAIT);
            awaitSummary(carol, group, s -> s.path("request").asBoolean());

            assertThat(client.post(request(group, "decline"), carol.accessToken(), null).status()).isEqualTo(204);

            JsonNode declined = carolPhone.await(conversationFrame("invitationDeclined", group), WAIT);
            assertThat(declined.path("by").asText()).isEqualTo(carol.userId());
            awaitGone(carol, group);
            assertThat(alicePhone.collectAll(QUIET)).as("alice hears nothing of it")
                    .noneMatch(f -> f.toString().contains(carol.userId()));
            assertThat(bobPhone.collectAll(Duration.ofMillis(200))).as("nor does bob")
                    .noneMatch(f -> f.toString().contains(carol.userId()));
        }
        assertThat(memberIds(summary(alice, group))).doesNotContain(carol.userId());
        assertThat(client.post(request(group, "decline"), carol.accessToken(), null).status()).as("again")
                .isEqualTo(204);
        assertProblem(client.post(request(group, "accept"), carol.accessToken(), null), 403, "not-a-member");

        addMembers(group, alice, carol);
        awaitSummary(carol, group, s -> s.path("request").asBoolean());
        assertThat(client.post(request(group, "decline"), carol.accessToken(), null).status()).isEqualTo(204);
        assertThat(client.put("/api/v1/blocks/" + alice.userId(), carol.accessToken(), null).status()).isEqualTo(204);
        awaitGone(carol, group);

        assertProblem(client.post("/api/v1/conversations/" + group + "/members", alice.accessToken(),
                Map.of("userIds", List.of(carol.userId()))), 403, "blocked");
        Session eve = client.registerAndLogin(StandaloneTest.uniqueName("eve"));
        assertProblem(client.post(request(group, "decline"), eve.accessToken(), null), 403, "not-a-member");
        assertProblem(client.post(request(group, "decline"), bob.accessToken(), null), 409, "not-a-message-request");
    }

    /**
     * An admin cancels an open invitation: admins (and only they) see it in the group's settings, the invitee's request
     * goes from their list, sync and devices at once, and there is nothing left to accept; the group hears nothing.
     */
    @Test
    void anAdminCancelsAnOpenInvitationAndTheRequestGoes() throws Exception {
        String group = createGroup(alice, "Climbing", bob);
        String syncCursor = client.get("/api/v1/sync", carol.accessToken()).text("nextCursor");
        try (SocketClient bobPhone = live(bob); SocketClient carolPhone = live(carol)) {
            addMembers(group, alice, carol);
            carolPhone.await(conversationFrame("invited", group), WAIT);
            awaitSummary(carol, group, s -> s.path("request").asBoolean());

            JsonNode forAlice = awaitSummary(alice, group, s -> s.path("group").path("invited").size() == 1);
            JsonNode invitee = forAlice.path("group").path("invited").get(0);
            assertThat(invitee.path("userId").asText()).isEqualTo(carol.userId());
            assertThat(invitee.path("displayName").asText()).isNotBlank();
            assertThat(invitee.path("invitedBy").asText()).isEqualTo(alice.userId());
            assertThat(invitee.path("invitedAt").asText()).isNotBlank();
            assertThat(summary(bob, group).path("group").has("invited")).as("bob is no admin").isFalse();

            assertProblem(client.delete(invitation(group, carol), bob.accessToken()), 403, "not-an-admin");
            assertProblem(client.delete(invitation(group, bob), alice.accessToken()), 404, "no-open-invitation");
            Session eve = client.registerAndLogin(StandaloneTest.uniqueName("eve"));
            assertProblem(client.delete(invitation(group, eve), alice.accessToken()), 404, "no-open-invitation");
            assertProblem(client.delete(invitation(group, carol), eve.accessToken()), 403, "not-a-member");

            assertThat(client.delete(invitation(group, carol), alice.accessToken()).status()).isEqualTo(204);

            JsonNode cancelled = carolPhone.await(conversationFrame("invitationCancelled", group), WAIT);
            assertThat(cancelled.path("by").asText()).isEqualTo(alice.userId());
            awaitGone(carol, group);
            awaitSummary(alice, group, s -> s.path("group").path("invited").isEmpty());
            assertThat(bobPhone.collectAll(QUIET)).as("bob hears nothing of it")
                    .noneMatch(f -> f.toString().contains(carol.userId()));
        }
        assertThat(client.delete(invitation(group, carol), alice.accessToken()).status()).as("again").isEqualTo(204);
        assertProblem(client.post(request(group, "accept"), carol.accessToken(), null), 403, "not-a-member");
        assertThat(client.post(request(group, "decline"), carol.accessToken(), null).status())
                .as("declining what was cancelled").isEqualTo(204);
        assertProblem(client.get(messages(group), carol.accessToken()), 403, "not-a-member");

        assertThat(find(client.get("/api/v1/sync?limit=100", carol.accessToken()).body(), group))
                .as("the sync state").isNull();
        String since = "/api/v1/sync?cursor=" + URLEncoder.encode(syncCursor, StandardCharsets.UTF_8);
        List<String> changes = QueryFlowTest.await(() -> StreamSupport.stream(client.get(since, carol.accessToken())
                        .body().path("changes").spliterator(), false)
                .filter(c -> group.equals(c.path("conversationId").asText())).map(c -> c.path("type").asText())
                .toList(), types -> types.size() >= 2);
        assertThat(changes).containsExactly("invitation.opened", "invitation.cancelled");
        try (SocketClient carolLaptop = SocketClient.connect(port, carol.accessToken())) {
            carolLaptop.send(Map.of("type", "resume", "id", "r1", "positions", Map.of()));
            assertThat(carolLaptop.upTo(f -> f.path("type").asText().equals("ack"))).as("a resume after the cancel")
                    .noneMatch(f -> group.equals(f.path("conversationId").asText()));
        }

        addMembers(group, alice, carol);
        awaitSummary(carol, group, s -> s.path("request").asBoolean());
        assertThat(client.post(request(group, "accept"), carol.accessToken(), null).status())
                .as("invited again, she can accept").isEqualTo(204);
        awaitSummary(carol, group, s -> !s.path("request").asBoolean());
        assertProblem(client.delete(invitation(group, carol), alice.accessToken()), 404, "no-open-invitation");
    }

    /**
     * A device that was offline: its resume brings nothing of the group while the invitation is open (the list and
     * the sync state show it); once accepted, the next resume announces the group and its messages.
     */
    @Test
    void anOfflineDeviceResumesWithTheInvitationAndCatchesUpOnceAccepted() throws Exception {
        String group = createGroup(alice, "Hiking", bob, carol);
        for (int i = 1; i <= 3; i++) {
            assertThat(send(group, alice, "a" + i, "message " + i).status()).isEqualTo(201);
        }
        awaitSummary(bob, group, s -> s.path("lastSeq").asLong() == 3);

        try (SocketClient carolPhone = SocketClient.connect(port, carol.accessToken())) {
            carolPhone.send(Map.of("type", "resume", "id", "r1", "positions", Map.of()));
            List<JsonNode> frames = carolPhone.upTo(f -> f.path("type").asText().equals("ack"));
            assertThat(frames).as("the resume while invited").noneMatch(f -> group.equals(f.path("conversationId").asText()));
        }
        assertThat(awaitSummary(carol, group, s -> true).path("request").asBoolean()).isTrue();
        JsonNode state = client.get("/api/v1/sync?limit=100", carol.accessToken()).body();
        JsonNode inState = find(state, group);
        assertThat(inState).as("the sync state " + state).isNotNull();
        assertThat(inState.path("request").asBoolean()).isTrue();

        assertThat(client.post(request(group, "accept"), carol.accessToken(), null).status()).isEqualTo(204);
        awaitSummary(carol, group, s -> !s.path("request").asBoolean());

        try (SocketClient carolPhone = SocketClient.connect(port, carol.accessToken())) {
            carolPhone.send(Map.of("type", "resume", "id", "r2", "positions", Map.of()));
            List<JsonNode> frames = carolPhone.upTo(f -> f.path("type").asText().equals("ack"));
            JsonNode announced = frames.stream().filter(conversationFrame("created", group)).findFirst().orElseThrow();
            assertThat(ids(announced.path("members"))).contains(carol.userId());
            assertThat(frames.stream().filter(f -> f.path("type").asText().equals("message")
                    && group.equals(f.path("conversationId").asText())).map(f -> f.path("seq").asLong()))
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void nothingOfTheGroupIsPushedToAnInvitedDeviceUntilAccepted() throws Exception {
        try (WebPushReceiver carolsPhone = WebPushReceiver.start()) {
            assertThat(client.post("/api/v1/push/subscriptions", carol.accessToken(), carolsPhone.subscription())
                    .status()).isEqualTo(201);
            String group = createGroup(alice, "Choir", bob, carol);
            awaitSummary(carol, group, s -> s.path("request").asBoolean());
            assertThat(carolsPhone.await(WAIT).payload().path("type").asText()).as("the invitation's own push")
                    .isEqualTo("invitation");
            assertThat(send(group, alice, "a1", "rehearsal at eight").status()).isEqualTo(201);
            assertThat(carolsPhone.collect(Duration.ofSeconds(2))).as("pushes while invited").isEmpty();

            assertThat(client.post(request(group, "accept"), carol.accessToken(), null).status()).isEqualTo(204);
            awaitSummary(carol, group, s -> !s.path("request").asBoolean());
            assertThat(send(group, alice, "a2", "see you there").status()).isEqualTo(201);
            JsonNode push = carolsPhone.await(WAIT).payload();
            assertThat(push.path("conversationId").asText()).isEqualTo(group);
            assertThat(push.path("seq").asLong()).isEqualTo(2);
        }
    }

    /**
     * The invitation itself is pushed, once, to the invited user's devices without a socket: who invited them into
     * which group, never a message's text (whatever their preview setting); a device with a socket open gets the
     * {@code invited} frame instead, and the group's messages are not pushed until they accept.
     */
    @Test
    void anInvitationIsPushedOnceToTheInvitedUsersOfflineDevices() throws Exception {
        assertThat(client.put("/api/v1/push/settings", carol.accessToken(), Map.of("previews", true)).status())
                .isEqualTo(200);
        try (WebPushReceiver carolsPhone = WebPushReceiver.start()) {
            assertThat(client.post("/api/v1/push/subscriptions", carol.accessToken(), carolsPhone.subscription())
                    .status()).isEqualTo(201);
            String group = createGroup(alice, "Choir", bob, carol);
            assertThat(send(group, alice, "a1", "rehearsal at eight").status()).isEqualTo(201);

            JsonNode push = carolsPhone.await(WAIT).payload();
            String aliceName = awaitSummary(carol, group, s -> true).path("invitedBy").path("displayName").asText();
            assertThat(push.path("type").asText()).isEqualTo("invitation");
            assertThat(push.path("conversationId").asText()).isEqualTo(group);
            assertThat(push.path("senderName").asText()).as("who invited her").isEqualTo(aliceName);
            assertThat(push.path("title").asText()).isEqualTo("Choir");
            assertThat(push.has("preview")).as("no message text").isFalse();
            assertThat(push.has("seq")).isFalse();
            assertThat(push.toString()).doesNotContain("rehearsal");
            assertThat(carolsPhone.collect(Duration.ofSeconds(2))).as("one push per invitation").isEmpty();

            String other = createGroup(alice, "Band", bob);
            try (SocketClient carolsPhoneOpen = live(carol)) {
                addMembers(other, alice, carol);
                carolsPhoneOpen.await(conversationFrame("invited", other), WAIT);
                assertThat(carolsPhone.collect(Duration.ofSeconds(2))).as("a device with a socket open").isEmpty();
            }
        }
    }

    /**
     * The web client in headless Chromium (skipped without it, as {@link WebClientTest}): a direct-chat request and a
     * group invitation are listed under "Requests (2)" above the chats; the invitation shows who invited the user and
     * no composer; accepting it makes it a chat with its history, declining the request takes it off the list, and
     * the section goes once it is empty. Screenshots go to target/screenshots/.
     */
    @Test
    void theWebClientListsRequestsApartAndAnswersThem() throws Exception {
        assumeTrue(WebBrowser.available(), "Skipped: needs /usr/bin/chromium and /usr/bin/chromedriver");
        Files.createDirectories(WebBrowser.SCREENSHOTS);
        String daveName = StandaloneTest.uniqueName("dave");
        try (WebBrowser browser = new WebBrowser("dave")) {
            try {
                browser.open(port);
                Session dave = signsUpIn(browser, daveName);
                String known = openDirect(bob, dave);
                assertThat(client.post(request(known, "accept"), dave.accessToken(), null).status()).isEqualTo(204);
                assertThat(send(known, bob, "b1", "hi dave").status()).isEqualTo(201);
                String group = createGroup(alice, "Climbing", bob, dave);
                assertThat(send(group, alice, "a1", "welcome, climbers").status()).isEqualTo(201);
                String direct = openDirect(carol, dave);
                assertThat(send(direct, carol, "c1", "buy my crypto").status()).isEqualTo(201);

                browser.waitText("#requests-heading", "Requests (2)");
                browser.waitFor(d -> List.of(List.of("requests-heading", group, direct, "chats-heading", known),
                        List.of("requests-heading", direct, group, "chats-heading", known)).contains(listOrder(browser)));
                browser.shot("invitation-01-requests-apart");
                browser.openChat(group);
                browser.waitText("#message-request", "invited you to the group “Climbing”");
                assertThat(browser.bool("return document.getElementById('composer').hidden")).as("no composer").isTrue();
                assertThat(browser.messageTexts()).as("nothing of the group's messages").isEmpty();
                browser.shot("invitation-02-open-invitation");
                browser.click("#message-request .accept-request");
                browser.waitFor(d -> d.findElements(By.id("message-request")).isEmpty());
                browser.waitMessages("welcome, climbers");
                browser.waitText("#requests-heading", "Requests (1)");
                browser.say("Thanks for having me");
                awaitSummary(alice, group, s -> s.path("lastSeq").asLong() == 2);
                browser.shot("invitation-03-accepted");

                browser.openChat(direct);
                browser.waitText("#message-request", "wants to send you messages");
                browser.click("#message-request .decline-request");
                browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list [data-id='" + direct + "']")).isEmpty());
                browser.waitFor(d -> d.findElements(By.id("requests-heading")).isEmpty());
                browser.shot("invitation-04-no-requests-left");
            } catch (AssertionError | RuntimeException failure) {
                browser.shot("failure-theWebClientListsRequestsApartAndAnswersThem-dave");
                browser.printConsole();
                throw failure;
            }
        }
    }

    /**
     * The web client in headless Chromium: an admin's group info lists who is "Invited" (by whom) with Cancel, which
     * withdraws the invitation; and a request to the user that its group's admin cancels leaves their list at once.
     */
    @Test
    void theWebClientShowsAdminsWhoIsInvitedAndDropsACancelledInvitation() throws Exception {
        assumeTrue(WebBrowser.available(), "Skipped: needs /usr/bin/chromium and /usr/bin/chromedriver");
        Files.createDirectories(WebBrowser.SCREENSHOTS);
        String daveName = StandaloneTest.uniqueName("dave");
        try (WebBrowser browser = new WebBrowser("dave")) {
            try {
                browser.open(port);
                Session dave = signsUpIn(browser, daveName);
                String known = openDirect(bob, dave);
                assertThat(client.post(request(known, "accept"), dave.accessToken(), null).status()).isEqualTo(204);
                Response created = client.post("/api/v1/conversations/groups", dave.accessToken(),
                        Map.of("title", "Dave's crew", "memberIds", List.of(bob.userId(), carol.userId())));
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String mine = created.text("conversationId");
                awaitSummary(carol, mine, s -> s.path("request").asBoolean());
                String theirs = createGroup(alice, "Alice's party", bob, dave);

                browser.waitText("#requests-heading", "Requests (1)");
                browser.waitFor(d -> !d.findElements(By.cssSelector("#conversation-list [data-id='" + mine + "']")).isEmpty());
                browser.openChat(mine);
                browser.click("#chat-info");
                String carolItem = "#info-invited-list li[data-user-id='" + carol.userId() + "']";
                browser.waitFor(d -> !d.findElements(By.cssSelector(carolItem)).isEmpty());
                assertThat(browser.text(carolItem)).contains("invited by you");
                assertThat(browser.text("#info-members")).doesNotContain(carol.userId());
                browser.shot("invitation-05-admin-sees-invited");
                browser.click(carolItem + " .cancel-invitation");
                browser.waitFor(d -> d.findElement(By.id("info-invited")).getDomProperty("hidden").equals("true"));
                awaitGone(carol, mine);
                browser.shot("invitation-06-invitation-cancelled");
                browser.click("#info-dialog .cancel");

                assertThat(client.delete(invitation(theirs, dave), alice.accessToken()).status()).isEqualTo(204);
                browser.waitFor(d -> d.findElements(By.cssSelector("#conversation-list [data-id='" + theirs + "']")).isEmpty());
                browser.waitFor(d -> d.findElements(By.id("requests-heading")).isEmpty());
                browser.shot("invitation-07-cancelled-request-gone");
            } catch (AssertionError | RuntimeException failure) {
                browser.shot("failure-theWebClientShowsAdminsWhoIsInvitedAndDropsACancelledInvitation-dave");
                browser.printConsole();
                throw failure;
            }
        }
    }

    /** The list's items in order: section headings by id, conversations by their id. */
    private static List<?> listOrder(WebBrowser browser) {
        return (List<?>) browser.js("return [...document.querySelectorAll('#conversation-list > li')]"
                + ".map((li) => li.id || li.querySelector('[data-id]').dataset.id)");
    }

    /** As QueryAdminTest#aReplayRebuildsIdenticalReadModels, with invitations open, accepted, declined and cancelled. */
    @Test
    void aReplayRebuildsIdenticalReadModels() {
        Session analyst = Analysts.analyst(client, "laptop");
        Session dave = client.registerAndLogin(StandaloneTest.uniqueName("dave"));
        Session eve = client.registerAndLogin(StandaloneTest.uniqueName("eve"));
        String group = createGroup(alice, "Replay", bob, carol, dave);
        Session frank = client.registerAndLogin(StandaloneTest.uniqueName("frank"));
        addMembers(group, alice, eve, frank);
        assertThat(client.delete(invitation(group, frank), alice.accessToken()).status()).isEqualTo(204);
        assertThat(send(group, alice, "a1", "hi").status()).isEqualTo(201);
        assertThat(client.post(request(group, "accept"), carol.accessToken(), null).status()).isEqualTo(204);
        assertThat(client.post(request(group, "decline"), dave.accessToken(), null).status()).isEqualTo(204);
        assertThat(send(group, carol, "c1", "thanks").status()).isEqualTo(201);
        Analysts.awaitCaughtUp(client, analyst);
        Map<String, List<String>> live = dump();
        assertThat(live.get("conversations").toString()).contains("invitations").contains(eve.userId());
        assertThat(live.get("users").toString()).contains("invitedTo");

        Response replay = client.post("/api/v1/admin/projections/conversations/replay", analyst.accessToken(), null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        Analysts.awaitCaughtUp(client, analyst);

        assertThat(dump()).isEqualTo(live);
    }

    private Map<String, List<String>> dump() {
        return ReadModelDump.of(mongo, List.of("users", "conversations", "members", "messages", "systemLines",
                "syncFeed", "syncHeads"));
    }

    private String createGroup(Session creator, String title, Session... others) {
        Response created = client.post("/api/v1/conversations/groups", creator.accessToken(),
                Map.of("title", title, "memberIds", List.of(others).stream().map(Session::userId).toList()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("conversationId");
    }

    private void addMembers(String group, Session admin, Session... users) {
        Response added = client.post("/api/v1/conversations/" + group + "/members", admin.accessToken(),
                Map.of("userIds", List.of(users).stream().map(Session::userId).toList()));
        assertThat(added.status()).as(added.toString()).isIn(200, 204);
    }

    private String openDirect(Session from, Session to) {
        Response opened = client.post("/api/v1/conversations/direct", from.accessToken(),
                Map.of("peerUserId", to.userId()));
        assertThat(opened.status()).as(opened.toString()).isIn(200, 201);
        return opened.text("conversationId");
    }

    private Response send(String conversation, Session from, String clientMessageId, String text) {
        return client.post(messages(conversation), from.accessToken(),
                Map.of("clientMessageId", clientMessageId, "text", text));
    }

    private static String messages(String conversation) {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    private static String invitation(String conversation, Session invitee) {
        return "/api/v1/conversations/" + conversation + "/invitations/" + invitee.userId();
    }

    private static String request(String conversation, String answer) {
        return "/api/v1/conversations/" + conversation + "/request/" + answer;
    }

    /** The one group in the user's list. */
    private String group(Session who) {
        return StreamSupport.stream(client.get("/api/v1/conversations", who.accessToken()).body()
                        .path("conversations").spliterator(), false)
                .filter(c -> c.path("kind").asText().equals("GROUP"))
                .map(c -> c.path("conversationId").asText()).findFirst().orElseThrow();
    }

    private JsonNode awaitSummary(Session who, String conversation, Predicate<JsonNode> done) {
        return QueryFlowTest.await(() -> summary(who, conversation), s -> s != null && done.test(s));
    }

    private void awaitGone(Session who, String conversation) {
        QueryFlowTest.await(() -> client.get("/api/v1/conversations", who.accessToken()),
                r -> r.status() == 200 && find(r.body(), conversation) == null);
    }

    private JsonNode summary(Session who, String conversation) {
        return find(client.get("/api/v1/conversations", who.accessToken()).body(), conversation);
    }

    private static JsonNode find(JsonNode list, String conversation) {
        return StreamSupport.stream(list.path("conversations").spliterator(), false)
                .filter(c -> c.path("conversationId").asText().equals(conversation))
                .findFirst().orElse(null);
    }

    private static List<String> memberIds(JsonNode summary) {
        List<String> ids = new ArrayList<>();
        summary.path("members").forEach(member -> ids.add(member.path("userId").asText()));
        return ids;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private SocketClient live(Session session) throws InterruptedException {
        return SocketClient.live(port, session.accessToken(), WAIT);
    }

    private static Predicate<JsonNode> conversationFrame(String change, String conversation) {
        return f -> f.path("type").asText().equals("conversation") && f.path("change").asText().equals(change)
                && f.path("conversationId").asText().equals(conversation);
    }

    private static boolean isMessage(JsonNode frame, String conversation, long seq) {
        return frame.path("type").asText().equals("message") && frame.path("conversationId").asText().equals(conversation)
                && frame.path("seq").asLong() == seq;
    }

    private static boolean about(JsonNode frame, String userId) {
        return List.of("presence", "typing").contains(frame.path("type").asText())
                && frame.path("userId").asText().equals(userId);
    }

    /** Signs up in the browser; the session returned is another device of the same user, for steps taken over REST. */
    private Session signsUpIn(WebBrowser browser, String username) {
        browser.register(username, "Dave");
        String userId = client.get("/api/v1/users/" + username, alice.accessToken()).text("userId");
        String accessToken = client.post("/api/v1/auth/login", null, Map.of("username", username,
                "password", WebBrowser.PASSWORD, "deviceId", "rest-tool")).text("accessToken");
        return new Session(userId, accessToken, null);
    }
}
