package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.standalone.MediaFlowTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CDN links through the edge's caching nginx ({@link CdnEdge}: the deploy template's own configuration) in front of
 * Parley: members get signed, expiring links; the edge answers the second download from its cache; forged and
 * expired links are refused at the edge and at Parley; a Range (seeking in a video) is answered 206 at both; the page's
 * Content-Security-Policy lets images and videos come from the edge. Skipped only where nginx is not installed (CI
 * installs it).
 */
class MediaCdnTest extends BehindCdnEdge {

    private Session alice;
    private Session bob;

    @BeforeEach
    void aliceAndBob() {
        alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
    }

    @Test
    void membersGetCdnLinksAndTheSecondDownloadComesFromTheEdgesCache() throws Exception {
        byte[] png = MediaFixtures.png(640, 480);
        Response completed = upload(alice, "sunset.png", "image/png", "image", png);
        String mediaId = completed.text("mediaId");
        assertThat(completed.text("cdnUrl")).startsWith(edge.origin() + "/media-cdn/" + mediaId + "?expires=");
        assertThat(Instant.parse(completed.text("cdnUrlExpiresAt"))).as("how long the uploader may show it from there")
                .isAfter(Instant.now().plusSeconds(3000));

        assertProblem(client.get("/api/v1/media/" + mediaId, bob.accessToken()), 404, "not-found");
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "cdn-1", "mediaId", mediaId)).status()).isEqualTo(201);
        JsonNode forBob = client.awaitMedia(bob, mediaId, media -> media.hasNonNull("cdnThumbnailUrl"));
        String link = forBob.path("cdnUrl").asText();
        assertThat(Instant.parse(forBob.path("cdnUrlExpiresAt").asText())).isAfter(Instant.now().plusSeconds(3000));

        HttpResponse<byte[]> first = get(link);
        HttpResponse<byte[]> second = get(link);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(png);
        assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(png);
        assertThat(second.headers().firstValue("X-Cache-Status")).as("the second from the cache").hasValue("HIT");
        assertThat(second.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(second.headers().allValues("Content-Security-Policy")).containsExactly("sandbox");
        assertThat(second.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(second.headers().firstValue("Cache-Control")).hasValueSatisfying(value ->
                assertThat(value).contains("immutable"));

        HttpResponse<byte[]> thumbnail = get(forBob.path("cdnThumbnailUrl").asText());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");

        // standalone serves the same links itself (no edge in front)
        HttpResponse<byte[]> direct = get(link.replace(edge.origin(), "http://127.0.0.1:" + port));
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(png);
    }

    @Test
    void forgedAndExpiredLinksAreRefusedAtTheEdgeAndByParley() throws Exception {
        byte[] png = MediaFixtures.png(200, 100);
        Response completed = upload(alice, "receipt.png", "image/png", "image", png);
        String mediaId = completed.text("mediaId");
        String link = completed.text("cdnUrl");
        assertThat(get(link).statusCode()).isEqualTo(200);
        String parley = parley();

        String path = "/media-cdn/" + mediaId;
        String tampered = link.replaceFirst("md5=(.)", "md5=" + (link.contains("md5=A") ? "B" : "A"));
        String longer = link.replaceFirst("expires=(\\d+)", "expires=9$1");
        String unsigned = edge.origin() + path;
        String expired = edge.origin() + signed(path, Instant.now().minusSeconds(5).getEpochSecond());
        String otherMedia = link.replace(mediaId, UUID.randomUUID().toString());
        for (String forged : new String[]{tampered, longer, unsigned, otherMedia}) {
            assertThat(get(forged).statusCode()).as("at the edge: %s", forged).isEqualTo(403);
            assertThat(get(forged.replace(edge.origin(), parley)).statusCode()).as("at Parley: %s", forged)
                    .isEqualTo(404);
        }
        assertThat(get(expired).statusCode()).as("expired, at the edge").isEqualTo(410);
        assertThat(get(expired.replace(edge.origin(), parley)).statusCode()).as("expired, at Parley").isEqualTo(404);
        assertThat(get(edge.origin() + signed(path, Instant.now().plusSeconds(600).getEpochSecond())).statusCode())
                .as("a link signed with the secret (the test's own)").isEqualTo(200);
    }

    @Test
    void aRangeIsAnswered206WithItsBytesAtTheEdgeCachedOrNotAndAtParley() throws Exception {
        int size = 2_500_000; // three of the edge's 1 MiB slices
        byte[] video = MediaFixtures.mp4(size, 21);
        String link = upload(alice, "holiday.mp4", "video/mp4", "video", video).text("cdnUrl");
        String direct = link.replace(edge.origin(), parley());

        // a player seeking into the middle: across the first two slices, before anything is cached
        HttpResponse<byte[]> cold = get(link, "Range", "bytes=1000000-1100000");
        HttpResponse<byte[]> cached = get(link, "Range", "bytes=1000000-1100000");
        for (HttpResponse<byte[]> answer : List.of(cold, cached)) {
            assertThat(answer.statusCode()).isEqualTo(206);
            assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes 1000000-1100000/" + size);
            assertThat(answer.headers().firstValue("Content-Length")).hasValue("100001");
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("video/mp4");
            assertThat(answer.body()).isEqualTo(Arrays.copyOfRange(video, 1_000_000, 1_100_001));
        }
        assertThat(cold.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat(cached.headers().firstValue("X-Cache-Status")).hasValue("HIT");

        // the end (a slice not fetched yet), and the whole file afterwards: all of it, from the slices
        HttpResponse<byte[]> tail = get(link, "Range", "bytes=-1000");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes " + (size - 1000) + "-" + (size - 1) + "/" + size);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(video, size - 1000, size));
        HttpResponse<byte[]> whole = get(link);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(video);
        assertThat(get(link, "Range", "bytes=" + size + "-").statusCode()).as("past the end, at the edge").isEqualTo(416);

        // Parley itself (the edge's origin on a miss; standalone's clients' directly)
        HttpResponse<byte[]> part = get(direct, "Range", "bytes=10-19");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + size);
        assertThat(part.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(part.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(video, 10, 20));
        HttpResponse<byte[]> rest = get(direct, "Range", "bytes=2400000-");
        assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes 2400000-" + (size - 1) + "/" + size);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(video, 2_400_000, size));
        assertThat(get(direct, "Range", "bytes=5-1,7-9").statusCode()).as("not one range: the whole file").isEqualTo(200);
        assertThat(get(direct, "Range", "bytes=0-9", "If-Range", "\"another-version\"").statusCode())
                .as("If-Range of another version: the whole file").isEqualTo(200);
        HttpResponse<byte[]> pastTheEnd = get(direct, "Range", "bytes=" + size + "-");
        assertThat(pastTheEnd.statusCode()).isEqualTo(416);
        assertThat(pastTheEnd.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
        assertThat(pastTheEnd.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(new String(pastTheEnd.body(), StandardCharsets.UTF_8))
                .contains("urn:parley:problem:range-not-satisfiable");
    }

    @Test
    void thePagesPolicyLetsImagesAndVideosComeFromTheEdgeOnly() throws Exception {
        String policy = get(parley() + "/").headers().firstValue("Content-Security-Policy").orElseThrow();
        Map<String, String> directives = new HashMap<>();
        for (String directive : policy.split(";")) {
            String[] parts = directive.trim().split(" ", 2);
            directives.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        assertThat(directives.get("img-src")).contains(edge.origin());
        assertThat(directives.get("media-src")).contains(edge.origin());
        assertThat(directives.get("connect-src")).doesNotContain(edge.origin());
        assertThat(directives.get("default-src")).isEqualTo("'self'");
        assertThat(policy).doesNotContain("*");
    }

    /** A link as nginx's secure_link checks it (with the secret this test gave Parley). */
    private static String signed(String path, long expires) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest((expires + path + " " + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        return path + "?expires=" + expires + "&md5=" + Base64.getUrlEncoder().withoutPadding().encodeToString(md5);
    }
}
