package io.parley.standalone;

import io.parley.standalone.ParleyClient.Session;
import io.parley.standalone.RawHttp.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The web client's pages, and the API, carry a strict content security policy and the other browser headers. */
class SecurityHeadersTest extends StandaloneTest {

    @Value("${parley.media.storage.public-endpoint}")
    String mediaEndpoint;

    private RawHttp raw;

    @BeforeEach
    void raw() {
        raw = new RawHttp(port);
    }

    @Test
    void theWebClientsPagesHaveAStrictContentSecurityPolicy() {
        for (String page : List.of("/", "/index.html", "/app.js", "/styles.css")) {
            Reply reply = raw.get(page, null);
            assertThat(reply.status()).as(page).isEqualTo(200);
            Map<String, String> policy = directives(reply.header("Content-Security-Policy"));

            String self = "'self'";
            String media = origin(mediaEndpoint);
            assertThat(policy.get("default-src")).isEqualTo(self);
            assertThat(policy.get("script-src")).isEqualTo(self);
            assertThat(policy.get("style-src")).isEqualTo(self);
            assertThat(policy.get("connect-src").split(" ")).containsExactlyInAnyOrder(self,
                    "ws://127.0.0.1:" + port, "wss://127.0.0.1:" + port, media);
            assertThat(policy.get("img-src").split(" ")).contains(self, media).doesNotContain("*", "http:", "https:");
            assertThat(policy.get("media-src").split(" ")).contains(self, media);
            assertThat(policy.get("object-src")).isEqualTo("'none'");
            assertThat(policy.get("frame-ancestors")).isEqualTo("'none'");
            assertThat(policy.get("base-uri")).isEqualTo("'none'");
            assertThat(policy.get("form-action")).isEqualTo(self);
            assertThat(String.join(" ", policy.values())).doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Test
    void theIndexPageHasNothingInlineThatThePolicyWouldBlock() {
        String html = raw.get("/", null).body();

        assertThat(html).containsPattern("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(html).doesNotContainPattern("(?i)<style\\b");
        assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
        assertThat(html).doesNotContainPattern("(?i)\\sstyle\\s*=");
        assertThat(html).doesNotContainPattern("(?i)javascript:");
    }

    @Test
    void apiAnswersCarryTheHeadersToo() {
        Session dave = client.registerAndLogin(uniqueName("dave"));
        for (Reply reply : List.of(raw.get("/api/v1/conversations", dave.accessToken()),
                raw.get("/api/v1/conversations", null))) {
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            assertThat(directives(reply.header("Content-Security-Policy")).get("frame-ancestors")).isEqualTo("'none'");
        }
    }

    private static Map<String, String> directives(String policy) {
        assertThat(policy).isNotBlank();
        return Arrays.stream(policy.split(";")).map(String::trim).filter(d -> !d.isEmpty())
                .collect(Collectors.toMap(d -> d.split(" ", 2)[0], d -> d.contains(" ") ? d.split(" ", 2)[1] : ""));
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
