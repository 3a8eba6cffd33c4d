package io.parley.standalone;

import io.parley.standalone.RawHttp.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests Tomcat refuses before Parley sees them are answered in problem+json like every other refusal. */
class TomcatErrorsTest extends StandaloneTest {

    private RawHttp raw;

    @BeforeEach
    void raw() {
        raw = new RawHttp(port);
    }

    @Test
    void malformedRequestsAreProblemsNotHtmlPages() {
        String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("NUL in the path", "GET /api/v1/users/a%00b HTTP/1.1\r\n" + host + "\r\n");
        requests.put("encoded slash", "GET /api/v1/users/a%2Fb HTTP/1.1\r\n" + host + "\r\n");
        requests.put("encoded slash outside the API", "GET /a%2fb HTTP/1.1\r\n" + host + "\r\n");
        requests.put("dot-dot above the root", "GET /../api/v1/users/x HTTP/1.1\r\n" + host + "\r\n");
        requests.put("invalid character in the target", "GET /api/v1/users/{x} HTTP/1.1\r\n" + host + "\r\n");
        requests.put("overlong header", "GET /api/v1/conversations HTTP/1.1\r\n" + host
                + "X-Padding: " + "a".repeat(64 * 1024) + "\r\n\r\n");
        requests.put("malformed request line", "GET /index.html HTTP/1.1 trailing\r\n" + host + "\r\n");
        requests.put("invalid method", "G(T / HTTP/1.1\r\n" + host + "\r\n");
        requests.put("header without a colon", "GET / HTTP/1.1\r\n" + host + "NoColonHere\r\n\r\n");
        requests.put("missing Host", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");

        for (Map.Entry<String, String> request : requests.entrySet()) {
            Reply reply = raw.exchange(request.getValue());
            assertThat(reply.status()).as(request.getKey() + ": " + reply).isEqualTo(400);
            assertThat(reply.header("Content-Type")).as(request.getKey()).startsWith("application/problem+json");
            assertThat(reply.json().path("type").asText()).as(request.getKey()).isEqualTo("urn:parley:problem:invalid-request");
            assertThat(reply.json().path("status").asInt()).isEqualTo(400);
            assertThat(reply.body()).doesNotContain("<html", "Tomcat", "%00");
        }
    }

    @Test
    void anUnsupportedHttpVersionIsAProblemToo() {
        Reply reply = raw.exchange("GET / HTTP/2.5\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isBetween(400, 505);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(reply.status());
    }
}
