package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.media.MediaId;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.storage.ObjectStorage;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delete for everyone lets go of the message's media: once no message carries it, its objects leave storage and
 * nobody can download it; while another message still carries it, it stays.
 */
class MediaDeletionTest extends MessageActionsFlow {

    @Autowired
    MediaRecords records;
    @Autowired
    ObjectStorage storage;

    private final MediaStorageClient s3 = new MediaStorageClient();

    @Test
    void deletingTheOnlyMessageWithAPhotoRemovesItFromStorage() {
        String mediaId = uploadedPhoto(alice);
        long seq = send(alice, Map.of("clientMessageId", "p1", "mediaId", mediaId, "text", "look"));
        MediaRecord ready = awaitRecord(mediaId, record -> record.thumbnailKey() != null && !record.sharedIn().isEmpty());
        assertThat(storage.stat(ready.storageKey())).isPresent();
        history(bob, page -> at(page, seq).has("media") && !at(page, seq).path("media").isNull());

        assertThat(client.delete(message(seq), alice.accessToken()).status()).isEqualTo(204);

        awaitRecord(mediaId, record -> record.status().name().equals("DELETED"));
        awaitGone(ready.storageKey());
        awaitGone(ready.thumbnailKey());
        Response forBob = client.get("/api/v1/media/" + mediaId, bob.accessToken());
        assertProblem(forBob, 404, "not-found");
        JsonNode forOwner = client.get("/api/v1/media/" + mediaId, alice.accessToken()).body();
        assertThat(forOwner.path("status").asText()).isEqualTo("DELETED");
        assertThat(forOwner.path("url").isNull()).isTrue();
        assertProblem(client.post(messages(), alice.accessToken(),
                Map.of("clientMessageId", "p2", "mediaId", mediaId)), 400, "media-not-attachable");
    }

    @Test
    void aPhotoAnotherMessageStillCarriesStays() {
        String mediaId = uploadedPhoto(alice);
        long first = send(alice, Map.of("clientMessageId", "p1", "mediaId", mediaId));
        long second = send(alice, Map.of("clientMessageId", "p2", "mediaId", mediaId, "text", "again"));
        history(bob, page -> at(page, second).has("media") && !at(page, second).path("media").isNull());
        MediaRecord record = awaitRecord(mediaId, r -> !r.sharedIn().isEmpty());

        assertThat(client.delete(message(first), alice.accessToken()).status()).isEqualTo(204);
        history(bob, page -> at(page, first).path("deleted").asBoolean());

        long marker = send(alice, "after");
        history(bob, page -> at(page, marker).has("text"));
        assertThat(storage.stat(record.storageKey())).isPresent();
        JsonNode forBob = client.get("/api/v1/media/" + mediaId, bob.accessToken()).body();
        assertThat(forBob.path("url").asText()).isNotBlank();
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

    private MediaRecord awaitRecord(String mediaId, java.util.function.Predicate<MediaRecord> done) {
        return QueryFlowTest.await(() -> records.find(MediaId.of(mediaId)).orElseThrow(), done);
    }

    private void awaitGone(String key) {
        QueryFlowTest.await(() -> storage.stat(key).isEmpty(), gone -> gone);
    }
}
