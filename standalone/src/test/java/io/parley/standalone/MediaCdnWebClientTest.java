package io.parley.standalone;

import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client shows photos through the caching edge: the CDN links a message carries, not a
 * {@code GET /api/v1/media/{id}} and a storage URL; the page's Content-Security-Policy lets them in. Bob's headless
 * Chromium (Debian's chromium and chromium-driver; skipped without them) in front of Parley and the edge's nginx.
 */
class MediaCdnWebClientTest extends BehindCdnEdge {

    private WebBrowser bobsBrowser;

    @BeforeEach
    void requireChromium() throws IOException {
        assumeTrue(WebBrowser.available(), "the web client tests need /usr/bin/chromium and /usr/bin/chromedriver");
        Files.createDirectories(WebBrowser.SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (bobsBrowser != null) {
            bobsBrowser.close();
        }
    }

    @Test
    void aPhotoInAChatIsLoadedFromTheEdge() throws Exception {
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        String bobName = StandaloneTest.uniqueName("bob");
        Session bob = client.registerAndLogin(bobName);
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        String mediaId = upload(alice, "sunset.png", "image/png", "image", MediaFixtures.png(960, 640)).text("mediaId");
        client.awaitMedia(alice, mediaId, media -> media.hasNonNull("cdnThumbnailUrl"));
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "cdn-photo", "mediaId", mediaId, "text", "Sunset")).status()).isEqualTo(201);

        bobsBrowser = new WebBrowser("bob");
        WebBrowser browser = bobsBrowser;
        try {
            browser.signIn(port, bobName);
            browser.openChat(conversation);
            browser.waitMessages("Sunset");
            String thumbnails = edge.origin() + "/media-cdn/" + mediaId + "/thumbnail?expires=";
            browser.waitFor(d -> browser.bool("const img = document.querySelector('#message-items img.thumbnail');"
                    + "return !!img && img.src.startsWith('" + thumbnails + "') && img.complete && img.naturalWidth > 0;"));
            browser.shot("cdn-photo-from-the-edge");

            browser.click("#message-items .thumbnail-button");
            String full = edge.origin() + "/media-cdn/" + mediaId + "?expires=";
            browser.waitFor(d -> browser.bool("const img = document.getElementById('viewer-image');"
                    + "return document.getElementById('viewer').open && img.src.startsWith('" + full + "')"
                    + " && img.complete && img.naturalWidth === 960;"));
            browser.type("#viewer", Keys.ESCAPE);

            // nothing asked the API for the media, nothing refused by the page's policy
            assertThat((String) browser.js("return performance.getEntriesByType('resource').map(e => e.name).join(' ')"))
                    .doesNotContain("/api/v1/media/");
            assertThat(browser.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
        } catch (AssertionError | RuntimeException failure) {
            browser.shot("failure-cdn-photo");
            browser.printConsole();
            throw failure;
        }
    }
}
