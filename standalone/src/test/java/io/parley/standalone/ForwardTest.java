package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.media.MediaId;
import io.parley.media.asset.MediaRecords;
import io.parley.platform.testing.SocketClient;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forward: a copy of a group message (text and/or media) into Alice's direct chat with Dave, who is not in the group,
 * over HTTP and WebSocket against the standalone app.
 */
class ForwardTest extends MessageActionsFlow {

    @Autowired
    MediaRecords records;

    private final MediaStorageClient s3 = new MediaStorageClient();
    private String aliceAndDave;

    @BeforeEach
    void aliceTalksToDave() {
        Response opened = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", dave.userId()));
        assertThat(opened.status()).as(opened.toString()).isIn(200, 201);
        aliceAndDave = opened.text("conversationId");
    }

    @Test
    void aForwardOverRestArrivesLiveAndStaysInHistoryMarkedForwarded() throws Exception {
        long original = send(bob, "Lunch at the noodle place, 1pm");
        history(alice, page -> at(page, original).has("text"));

        try (SocketClient davePhone = live(dave)) {
            Response forwarded = client.post(forwardOf(original), alice.accessToken(),
                    Map.of("to", aliceAndDave, "clientMessageId", "f1"));
            assertThat(forwarded.status()).as(forwarded.toString()).isEqualTo(201);
            long seq = forwarded.body().path("seq").asLong();

            JsonNode live = davePhone.await(frame -> frame.path("type").asText().equals("message")
                    && frame.path("conversationId").asText().equals(aliceAndDave), WAIT);
            assertThat(live.path("seq").asLong()).isEqualTo(seq);
            assertThat(live.path("senderId").asText()).isEqualTo(alice.userId());
            assertThat(live.path("text").asText()).isEqualTo("Lunch at the noodle place, 1pm");
            assertThat(live.path("forwarded").asBoolean()).isTrue();
        }
        JsonNode copy = at(historyOf(aliceAndDave, dave, page -> page.path("messages").size() > 0), 1);
        assertThat(copy.path("forwarded").asBoolean()).isTrue();
        assertThat(copy.path("text").asText()).isEqualTo("Lunch at the noodle place, 1pm");
        assertThat(at(history(bob, page -> at(page, original).has("text")), original).path("forwarded").asBoolean())
                .isFalse();
    }

    @Test
    void aForwardFrameIsAckedAsASendIs() throws Exception {
        long original = send(bob, "See you there");
        history(alice, page -> at(page, original).has("text"));

        try (SocketClient alicePhone = live(alice)) {
            alicePhone.send(Map.of("type", "forward", "id", "w1", "conversationId", aliceAndDave,
                    "clientMessageId", "f1", "fromConversationId", group, "fromSeq", original));
            JsonNode ack = ackOf(alicePhone, "w1");
            assertThat(ack.path("type").asText()).as(ack.toString()).isEqualTo("ack");
            assertThat(ack.path("seq").asLong()).isEqualTo(1);
            assertThat(ack.path("messageId").asText()).isNotBlank();

            alicePhone.send(Map.of("type", "forward", "id", "w2", "conversationId", aliceAndDave,
                    "clientMessageId", "f1", "fromConversationId", group, "fromSeq", original));
            assertThat(ackOf(alicePhone, "w2").path("messageId").asText()).isEqualTo(ack.path("messageId").asText());
        }
        JsonNode copy = at(historyOf(aliceAndDave, dave, page -> page.path("messages").size() > 0), 1);
        assertThat(copy.path("forwarded").asBoolean()).isTrue();
        assertThat(copy.path("text").asText()).isEqualTo("See you there");
    }

    /** Alice forwards Bob's photo without uploading it: the same media, which Dave may now download too. */
    @Test
    void forwardedMediaIsSharedAsItIsAndItsNewAudienceMayDownloadIt() {
        String mediaId = uploadedPhoto(bob);
        long original = send(bob, Map.of("clientMessageId", "p1", "mediaId", mediaId, "text", "the view"));
        history(alice, page -> at(page, original).path("media").has("mediaId"));
        QueryFlowTest.await(() -> records.find(MediaId.of(mediaId)).orElseThrow(), r -> !r.sharedIn().isEmpty());
        assertThat(client.get("/api/v1/media/" + mediaId, dave.accessToken()).status()).isIn(403, 404);

        Response forwarded = client.post(forwardOf(original), alice.accessToken(),
                Map.of("to", aliceAndDave, "clientMessageId", "f1"));
        assertThat(forwarded.status()).as(forwarded.toString()).isEqualTo(201);

        JsonNode copy = at(historyOf(aliceAndDave, dave, page -> page.path("messages").size() > 0), 1);
        assertThat(copy.path("media").path("mediaId").asText()).isEqualTo(mediaId);
        assertThat(copy.path("text").asText()).isEqualTo("the view");
        assertThat(copy.path("forwarded").asBoolean()).isTrue();
        JsonNode forDave = QueryFlowTest.await(() -> client.get("/api/v1/media/" + mediaId, dave.accessToken()),
                response -> response.status() == 200).body();
        assertThat(forDave.path("url").asText()).isNotBlank();
    }

    @Test
    void onlyAMessageTheCallerCanSeeGoesOnlyWhereTheCallerIs() throws Exception {
        long original = send(bob, "members only");
        history(alice, page -> at(page, original).has("text"));

        assertProblem(client.post(forwardOf(original), dave.accessToken(),
                Map.of("to", aliceAndDave, "clientMessageId", "d1")), 404, "message-not-found");
        assertProblem(client.post(forwardOf(original), carol.accessToken(),
                Map.of("to", aliceAndDave, "clientMessageId", "c1")), 403, "not-a-member");
        assertProblem(client.post(forwardOf(original + 100), alice.accessToken(),
                Map.of("to", aliceAndDave, "clientMessageId", "a1")), 404, "message-not-found");
        assertProblem(client.post(forwardOf(original), alice.accessToken(),
                Map.of("clientMessageId", "a2")), 400, "invalid-request");
        try (SocketClient davePhone = live(dave)) {
            davePhone.send(Map.of("type", "forward", "id", "w1", "conversationId", aliceAndDave,
                    "clientMessageId", "d2", "fromConversationId", group, "fromSeq", original));
            assertErrorFrame(ackOf(davePhone, "w1"), 404, "message-not-found");
        }
    }

    @Test
    void aDeletedMessageCannotBeForwarded() throws Exception {
        long original = send(bob, "oops");
        assertThat(client.delete(message(original), bob.accessToken()).status()).isEqualTo(204);
        history(alice, page -> at(page, original).path("deleted").asBoolean());

        assertProblem(client.post(forwardOf(original), alice.accessToken(),
                Map.of("to", aliceAndDave, "clientMessageId", "a1")), 409, "message-deleted");
        try (SocketClient alicePhone = live(alice)) {
            alicePhone.send(Map.of("type", "forward", "id", "w1", "conversationId", aliceAndDave,
                    "clientMessageId", "a2", "fromConversationId", group, "fromSeq", original));
            assertErrorFrame(ackOf(alicePhone, "w1"), 409, "message-deleted");
        }
    }

    private String forwardOf(long seq) {
        return message(seq) + "/forward";
    }

    private JsonNode historyOf(String conversation, Session who, Predicate<JsonNode> done) {
        return QueryFlowTest.await(() -> {
            Response page = client.get("/api/v1/conversations/" + conversation + "/messages", who.accessToken());
            assertThat(page.status()).as(page.toString()).isIn(200, 403, 404);
            return page.status() == 200 ? page.body() : QueryFlowTest.JSON.createObjectNode();
        }, done);
    }

    private String uploadedPhoto(Session owner) {
        byte[] png = MediaFixtures.png(400, 300);
        Response session = client.post("/api/v1/media/upload-session", owner.accessToken(), Map.of("fileName", "pic.png",
                "fileType", "image/png", "fileSize", png.length, "mediaType", "image"));
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        assertThat(s3.put(session.text("uploadUrl"), png, "image/png").status()).isEqualTo(200);
        assertThat(client.post("/api/v1/media/" + session.text("mediaId") + "/complete", owner.accessToken(), null)
                .status()).isEqualTo(200);
        return session.text("mediaId");
    }
}
