package io.parley.standalone;

import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client shows photos through the caching edge: the CDN links a message carries (and, for the sender's own
 * photo, those its upload's completion gave), not a {@code GET /api/v1/media/{id}} and a storage URL; the page's
 * Content-Security-Policy lets them in; a link the edge cannot serve falls back to the API. Headless Chromium
 * (Debian's chromium and chromium-driver; skipped without them) in front of Parley and the edge's nginx.
 */
class MediaCdnWebClientTest extends BehindCdnEdge {

    private WebBrowser bobsBrowser;
    private WebBrowser alicesBrowser;

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
        if (alicesBrowser != null) {
            alicesBrowser.close();
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

    @Test
    void theSendersOwnJustSentPhotoIsLoadedFromTheEdge() throws Exception {
        String aliceName = StandaloneTest.uniqueName("alice");
        Session alice = client.registerAndLogin(aliceName);
        Session bob = client.registerAndLogin(StandaloneTest.uniqueName("bob"));
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");

        alicesBrowser = new WebBrowser("alice");
        WebBrowser browser = alicesBrowser;
        try {
            browser.signIn(port, aliceName);
            browser.openChat(conversation);
            Path png = WebBrowser.png(Files.createTempFile("mine", ".png"), 480, 320);
            browser.find("#file-input").sendKeys(png.toAbsolutePath().toString());
            browser.waitFor(d -> "done".equals(d.findElement(By.cssSelector("#uploads .upload")).getDomAttribute("data-state")));
            browser.type("#message-input", "My photo", Keys.ENTER);
            browser.waitMessages("My photo");

            String fromTheEdge = edge.origin() + "/media-cdn/";
            browser.waitFor(d -> browser.bool("const img = document.querySelector('#message-items img.thumbnail');"
                    + "return !!img && img.src.startsWith('" + fromTheEdge + "') && img.complete && img.naturalWidth > 0;"));
            browser.shot("cdn-own-photo-from-the-edge");
            String mediaId = (String) browser.js("return document.querySelector('#message-items .media').dataset.mediaId");
            assertThat((String) browser.js("return document.querySelector('#message-items img.thumbnail').src"))
                    .startsWith(fromTheEdge + mediaId);
            assertThat(browser.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
        } catch (AssertionError | RuntimeException failure) {
            browser.shot("failure-cdn-own-photo");
            browser.printConsole();
            throw failure;
        }
    }

    @Test
    void aPhotoTheEdgeCannotServeIsShownFromTheApi() throws Exception {
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("alice"));
        String bobName = StandaloneTest.uniqueName("bob");
        Session bob = client.registerAndLogin(bobName);
        String conversation = client.post("/api/v1/conversations/direct", alice.accessToken(),
                Map.of("peerUserId", bob.userId())).text("conversationId");
        String mediaId = upload(alice, "dusk.png", "image/png", "image", MediaFixtures.png(800, 600)).text("mediaId");
        client.awaitMedia(alice, mediaId, media -> media.hasNonNull("cdnThumbnailUrl"));
        assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", alice.accessToken(),
                Map.of("clientMessageId", "edge-down", "mediaId", mediaId, "text", "Dusk")).status()).isEqualTo(201);
        // the edge is down (the next test starts it again): the message's CDN links lead nowhere
        edge.close();
        edge = null;

        bobsBrowser = new WebBrowser("bob");
        WebBrowser browser = bobsBrowser;
        try {
            browser.signIn(port, bobName);
            browser.openChat(conversation);
            browser.waitMessages("Dusk");
            browser.waitFor(d -> browser.bool("const img = document.querySelector('#message-items img.thumbnail');"
                    + "return !!img && !img.src.includes('/media-cdn/') && img.complete && img.naturalWidth > 0;"));
            browser.shot("cdn-photo-edge-down-from-the-api");
            assertThat((String) browser.js("return performance.getEntriesByType('resource').map(e => e.name).join(' ')"))
                    .as("asked the API for the media's links").contains("/api/v1/media/" + mediaId);
            assertThat(browser.text("#message-items .media")).doesNotContain("could not be loaded");
        } catch (AssertionError | RuntimeException failure) {
            browser.shot("failure-cdn-photo-edge-down");
            browser.printConsole();
            throw failure;
        }
    }
}
