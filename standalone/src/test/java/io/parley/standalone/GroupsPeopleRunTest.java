package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups people can run, over HTTP and sockets: rename, description, promote/demote, only-admins-send and invite
 * links, each live as a {@code group} frame, on {@code resume} as the group's settings, in the conversation list, and
 * as a system line in history (as are membership changes, naming people who left).
 */
class GroupsPeopleRunTest extends MessageActionsFlow {

    @Test
    void anAdminRenamesAndDescribesTheGroupLiveInTheListAndInHistory() throws Exception {
        long seq = send(alice, "hello");
        try (SocketClient bobPhone = live(bob)) {
            assertThat(client.put(path("/title"), alice.accessToken(), Map.of("title", " Dinner ")).status())
                    .isEqualTo(204);
            JsonNode renamed = groupFrame(bobPhone, "renamed");
            assertThat(renamed.path("title").asText()).isEqualTo("Dinner");
            assertThat(renamed.path("by").asText()).isEqualTo(alice.userId());

            assertThat(client.put(path("/description"), alice.accessToken(), Map.of("description", "Fridays at 8"))
                    .status()).isEqualTo(204);
            assertThat(groupFrame(bobPhone, "described").path("description").asText()).isEqualTo("Fridays at 8");
        }

        JsonNode summary = summary(bob, s -> s.path("group").path("description").asText().equals("Fridays at 8"));
        assertThat(summary.path("title").asText()).isEqualTo("Dinner");

        JsonNode page = history(bob, p -> types(p).contains("group.described"));
        assertThat(types(page)).containsExactly("group.created", "group.renamed", "group.described");
        JsonNode renamedLine = line(page, "group.renamed");
        assertThat(renamedLine.path("afterSeq").asLong()).isEqualTo(seq);
        assertThat(renamedLine.path("title").asText()).isEqualTo("Dinner");
        assertThat(renamedLine.path("by").asText()).isEqualTo(alice.userId());
        assertThat(line(page, "group.created").path("afterSeq").asLong()).isZero();
        assertThat(page.path("senders").path(alice.userId()).asText()).isEqualTo(aliceName);
    }

    @Test
    void renamingAndDescribingAreForAdminsWithinLimits() {
        MessageActionsFlow.assertProblem(client.put(path("/title"), bob.accessToken(), Map.of("title", "Mine")),
                403, "not-an-admin");
        assertProblem(client.put(path("/title"), alice.accessToken(), Map.of("title", "  ")), 400, "invalid-request");
        assertProblem(client.put(path("/title"), alice.accessToken(), Map.of("title", "t".repeat(101))),
                400, "invalid-request");
        assertProblem(client.put(path("/description"), alice.accessToken(), Map.of("description", "d".repeat(513))),
                400, "invalid-request");
        assertProblem(client.put(path("/description"), dave.accessToken(), Map.of("description", "hi")),
                403, "not-a-member");
        assertProblem(client.put(path("/send-policy"), alice.accessToken(), Map.of()), 400, "invalid-request");
    }

    @Test
    void adminsPromoteAndDemoteAndTheGroupKeepsOne() throws Exception {
        try (SocketClient carolPhone = live(carol)) {
            assertThat(client.put(path("/admins/" + bob.userId()), alice.accessToken(), null).status()).isEqualTo(204);
            JsonNode promoted = groupFrame(carolPhone, "adminPromoted");
            assertThat(promoted.path("userId").asText()).isEqualTo(bob.userId());
        }
        JsonNode summary = summary(carol, s -> admin(s, bob.userId()));
        assertThat(admin(summary, alice.userId())).isTrue();
        assertThat(admin(summary, carol.userId())).isFalse();

        assertProblem(client.put(path("/admins/" + carol.userId()), carol.accessToken(), null), 403, "not-an-admin");
        assertProblem(client.put(path("/admins/" + dave.userId()), alice.accessToken(), null), 400, "invalid-request");

        assertThat(client.delete(path("/admins/" + alice.userId()), bob.accessToken()).status()).isEqualTo(204);
        assertProblem(client.put(path("/title"), alice.accessToken(), Map.of("title", "Mine")), 403, "not-an-admin");
        assertProblem(client.delete(path("/admins/" + bob.userId()), bob.accessToken()), 409, "last-admin");

        summary(carol, s -> !admin(s, alice.userId()));
        JsonNode page = history(carol, p -> types(p).contains("admin.demoted"));
        assertThat(types(page)).containsExactly("group.created", "admin.promoted", "admin.demoted");
        assertThat(line(page, "admin.demoted").path("userIds").get(0).asText()).isEqualTo(alice.userId());
        assertThat(line(page, "admin.demoted").path("by").asText()).isEqualTo(bob.userId());
    }

    @Test
    void onlyAdminsSendTurnsAwayOthersOverHttpAndSockets() throws Exception {
        assertProblem(client.put(path("/send-policy"), bob.accessToken(), Map.of("onlyAdminsSend", true)),
                403, "not-an-admin");
        try (SocketClient bobPhone = live(bob)) {
            assertThat(client.put(path("/send-policy"), alice.accessToken(), Map.of("onlyAdminsSend", true)).status())
                    .isEqualTo(204);
            assertThat(groupFrame(bobPhone, "sendPolicy").path("onlyAdminsSend").asBoolean()).isTrue();

            assertProblem(client.post(messages(), bob.accessToken(), Map.of("clientMessageId", "b-1", "text", "hi")),
                    403, "only-admins-send");
            bobPhone.send(Map.of("type", "send", "id", "s1", "conversationId", group, "clientMessageId", "b-2",
                    "text", "hi"));
            assertErrorFrame(ackOf(bobPhone, "s1"), 403, "only-admins-send");
        }
        send(alice, "announcement");
        summary(bob, s -> s.path("group").path("onlyAdminsSend").asBoolean());

        assertThat(client.put(path("/send-policy"), alice.accessToken(), Map.of("onlyAdminsSend", false)).status())
                .isEqualTo(204);
        send(bob, "free again");
        JsonNode page = history(carol, p -> count(p, "sendPolicy.changed") == 2);
        assertThat(line(page, "sendPolicy.changed").path("onlyAdminsSend").asBoolean()).isTrue();
    }

    @Test
    void aUserJoinsByInviteLinkUntilItIsRevoked() throws Exception {
        assertProblem(client.post(path("/invite-link"), bob.accessToken(), null), 403, "not-an-admin");
        Response created = client.post(path("/invite-link"), alice.accessToken(), null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.text("token");
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.text("conversationId")).isEqualTo(group);
        summary(bob, s -> s.path("group").path("inviteLink").asBoolean());

        try (SocketClient bobPhone = live(bob)) {
            assertProblem(client.post(path("/join"), dave.accessToken(), Map.of("token", token + "x")),
                    404, "invite-link-invalid");
            assertThat(client.post(path("/join"), dave.accessToken(), Map.of("token", token)).status()).isEqualTo(204);
            JsonNode added = bobPhone.await(f -> f.path("type").asText().equals("conversation")
                    && f.path("change").asText().equals("membersAdded"), WAIT);
            assertThat(added.path("userIds").get(0).asText()).isEqualTo(dave.userId());
            assertThat(added.path("by").asText()).as("joined by the link: by the joiner").isEqualTo(dave.userId());
        }
        assertThat(client.post(path("/join"), dave.accessToken(), Map.of("token", token)).status())
                .as("a member joining again").isEqualTo(204);
        summary(dave, s -> s.path("conversationId").asText().equals(group));
        JsonNode page = history(dave, p -> types(p).contains("member.joined"));
        assertThat(line(page, "member.joined").path("by").asText()).isEqualTo(dave.userId());
        assertThat(page.path("senders").path(dave.userId()).asText()).isEqualTo(daveName);

        assertThat(client.delete(path("/invite-link"), alice.accessToken()).status()).isEqualTo(204);
        Session erin = client.registerAndLogin(uniqueName("erin"));
        assertProblem(client.post(path("/join"), erin.accessToken(), Map.of("token", token)), 404, "invite-link-invalid");
        assertProblem(client.post(path("/join"), erin.accessToken(), Map.of()), 404, "invite-link-invalid");

        String second = client.post(path("/invite-link"), alice.accessToken(), null).text("token");
        String third = client.post(path("/invite-link"), alice.accessToken(), null).text("token");
        assertProblem(client.post(path("/join"), erin.accessToken(), Map.of("token", second)), 404,
                "invite-link-invalid");
        assertThat(client.post(path("/join"), erin.accessToken(), Map.of("token", third)).status()).isEqualTo(204);
        JsonNode later = history(alice, p -> count(p, "inviteLink.created") == 3);
        assertThat(types(later)).contains("inviteLink.revoked");
    }

    @Test
    void aLiveMembersAddedFrameSaysWhoAddedThem() throws Exception {
        try (SocketClient bobPhone = live(bob)) {
            assertThat(client.post(path("/members"), alice.accessToken(), Map.of("userIds", List.of(dave.userId())))
                    .status()).isEqualTo(204);
            JsonNode added = bobPhone.await(f -> f.path("type").asText().equals("conversation")
                    && f.path("change").asText().equals("membersAdded"), WAIT);
            assertThat(added.path("userIds").get(0).asText()).isEqualTo(dave.userId());
            assertThat(added.path("by").asText()).isEqualTo(alice.userId());
        }
    }

    @Test
    void historyShowsMembershipChangesAndNamesPeopleWhoLeft() {
        long seq = send(alice, "hello");
        assertThat(client.post(path("/members"), alice.accessToken(), Map.of("userIds", List.of(dave.userId())))
                .status()).isEqualTo(204);
        assertThat(client.delete(path("/members/" + carol.userId()), alice.accessToken()).status()).isEqualTo(204);
        assertThat(client.delete(path("/members/" + dave.userId()), dave.accessToken()).status()).isEqualTo(204);

        JsonNode page = history(bob, p -> types(p).contains("member.left"));
        assertThat(types(page)).containsExactly("group.created", "members.added", "member.removed", "member.left");
        assertThat(line(page, "members.added").path("userIds").get(0).asText()).isEqualTo(dave.userId());
        assertThat(line(page, "members.added").path("afterSeq").asLong()).isEqualTo(seq);
        assertThat(line(page, "member.removed").path("userIds").get(0).asText()).isEqualTo(carol.userId());
        assertThat(page.path("senders").path(carol.userId()).asText()).as("carol left").isEqualTo(carolName);
        assertThat(page.path("senders").path(dave.userId()).asText()).isEqualTo(daveName);
    }

    @Test
    void aDeviceBackFromOfflineLearnsTheGroupSettingsOnResume() throws Exception {
        long seq = send(alice, "hello");
        assertThat(client.put(path("/title"), alice.accessToken(), Map.of("title", "Dinner")).status()).isEqualTo(204);
        assertThat(client.put(path("/send-policy"), alice.accessToken(), Map.of("onlyAdminsSend", true)).status())
                .isEqualTo(204);
        summary(bob, s -> s.path("group").path("onlyAdminsSend").asBoolean() && s.path("title").asText().equals("Dinner"));

        try (SocketClient bobPhone = SocketClient.connect(port, bob.accessToken())) {
            bobPhone.send(Map.of("type", "resume", "id", "back", "positions", Map.of(group, seq)));
            JsonNode settings = groupFrame(bobPhone, "settings");
            assertThat(settings.path("title").asText()).isEqualTo("Dinner");
            assertThat(settings.path("onlyAdminsSend").asBoolean()).isTrue();
            assertThat(settings.path("admins").get(0).asText()).isEqualTo(alice.userId());
            assertThat(settings.path("description").asText()).isEmpty();
            assertThat(ackOf(bobPhone, "back").path("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void syncCarriesEachGroupChangeWithTheConversationAsItIsNow() {
        summary(bob, s -> true);
        String cursor = client.get("/api/v1/sync", bob.accessToken()).text("nextCursor");
        assertThat(client.put(path("/title"), alice.accessToken(), Map.of("title", "Dinner")).status()).isEqualTo(204);
        assertThat(client.put(path("/admins/" + carol.userId()), alice.accessToken(), null).status()).isEqualTo(204);

        String since = "/api/v1/sync?cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode changes = QueryFlowTest.await(() -> client.get(since, bob.accessToken()).body().path("changes"),
                c -> QueryFlowTest.find(c, x -> x.path("type").asText().equals("admin.promoted")).isObject());
        JsonNode renamed = QueryFlowTest.find(changes, c -> c.path("type").asText().equals("group.renamed"));
        assertThat(renamed.path("conversation").path("title").asText()).isEqualTo("Dinner");
        JsonNode promoted = QueryFlowTest.find(changes, c -> c.path("type").asText().equals("admin.promoted"));
        assertThat(promoted.path("userId").asText()).isEqualTo(carol.userId());
        assertThat(admin(promoted.path("conversation"), carol.userId())).isTrue();
    }

    private String path(String tail) {
        return "/api/v1/conversations/" + group + tail;
    }

    private static JsonNode groupFrame(SocketClient socket, String change) throws InterruptedException {
        return socket.await(f -> f.path("type").asText().equals("group") && f.path("change").asText().equals(change),
                WAIT);
    }

    private JsonNode summary(Session who, Predicate<JsonNode> done) {
        return QueryFlowTest.await(() -> QueryFlowTest.find(client.get("/api/v1/conversations", who.accessToken())
                .body().path("conversations"), c -> c.path("conversationId").asText().equals(group)), done);
    }

    private static boolean admin(JsonNode summary, String userId) {
        return QueryFlowTest.find(summary.path("members"), m -> m.path("userId").asText().equals(userId))
                .path("admin").asBoolean();
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.path("systemLines").forEach(line -> types.add(line.path("type").asText()));
        return types;
    }

    private static long count(JsonNode page, String type) {
        return types(page).stream().filter(type::equals).count();
    }

    private static JsonNode line(JsonNode page, String type) {
        return QueryFlowTest.find(page.path("systemLines"), l -> l.path("type").asText().equals(type));
    }
}
