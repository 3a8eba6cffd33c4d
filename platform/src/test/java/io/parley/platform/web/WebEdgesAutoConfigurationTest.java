package io.parley.platform.web;

import io.parley.api.problem.RejectedAs;
import io.parley.api.problem.Rejection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.assertj.core.api.AbstractStringAssert;
import io.parley.platform.auth.AccessTokenVerifier;
import io.parley.platform.auth.PemKeys;
import io.parley.platform.auth.SessionRevocations;
import io.parley.platform.testing.TestAccessTokens;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service as the modules start one ({@code @EnableAutoConfiguration}, nothing else of Parley's) gets the web
 * edges from this jar alone: checked over a real socket on a real Tomcat.
 */
class WebEdgesAutoConfigurationTest {

    private static ConfigurableApplicationContext service;
    private static int port;
    private static TestAccessTokens tokens;
    private static String bearer;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Echo.class)
    static class Service {

        /** The API needs a token here too (the security chain comes with this jar); no key file, no event stream. */
        @Bean
        AccessTokenVerifier accessTokenVerifier() {
            return new AccessTokenVerifier(PemKeys.readPublicKey(tokens.publicKey()), new SessionRevocations(Duration.ofMinutes(15)));
        }
    }

    @RestController
    static class Echo {
        record Watermark(Long upToSeq) {
        }

        @PostMapping("/api/v1/echo")
        Watermark echo(@RequestBody Watermark watermark) {
            return watermark;
        }

        record Note(@RejectedAs(Rejection.TEXT_INVALID) @NotBlank(message = "text must not be blank") String text,
                    @NotNull(message = "to is required") String to) {
        }

        @PostMapping("/api/v1/note")
        Note note(@Valid @RequestBody Note note) {
            return note;
        }

        @GetMapping("/api/v1/page")
        Watermark page(@RequestParam(defaultValue = "1") @Min(value = 1, message = "limit must be at least 1") int limit,
                       @RequestHeader(name = "Idempotency-Key", required = false)
                       @Size(max = 3, message = "Idempotency-Key must have at most 3 characters") String key) {
            return new Watermark((long) limit);
        }

        @GetMapping("/api/v1/bug")
        Watermark bug() {
            throw new IllegalStateException("internal detail nobody outside should read");
        }

        @GetMapping("/api/v1/outage")
        CompletableFuture<Watermark> outage() {
            return CompletableFuture.failedFuture(new NoHandlerForCommandException("No node handles this command now"));
        }

        @GetMapping("/api/v1/missing")
        CompletableFuture<Watermark> missing() {
            return CompletableFuture.failedFuture(new CompletionException(
                    new AggregateNotFoundException("gone-conversation", "No aggregate for gone-conversation under this id")));
        }

        @GetMapping("/api/v1/refused")
        Watermark refused() {
            throw Rejection.NOT_A_MEMBER.exception("Not a member of this conversation");
        }
    }

    @BeforeAll
    static void start() throws IOException {
        tokens = new TestAccessTokens(Files.createTempDirectory("parley-keys"));
        bearer = "Authorization: Bearer " + tokens.accessToken("user-1") + "\r\n";
        service = new SpringApplicationBuilder(Service.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
                .run();
        port = ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void tomcatsOwnErrorsAreProblems() throws IOException {
        assertProblem(exchange("GET /api/v1/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400)
                .contains("\"type\":\"urn:parley:problem:invalid-request\"").doesNotContain("<html");
    }

    @Test
    void requestBodiesAreStrictAndAnswersCarryTheHeaders() throws IOException {
        String wrongType = post("{\"upToSeq\":\"5\"}");
        String right = post("{\"upToSeq\":5}");

        assertThat(wrongType).startsWith("HTTP/1.1 400").contains("urn:parley:problem:invalid-request")
                .contains("upToSeq must be a JSON integer");
        assertThat(right).startsWith("HTTP/1.1 200").contains("{\"upToSeq\":5}")
                .containsIgnoringCase("Cache-Control: no-store").containsIgnoringCase("X-Content-Type-Options: nosniff")
                .contains("frame-ancestors 'none'");
    }

    @Test
    void brokenConstraintsAreOneProblemNamingEachField() throws IOException {
        String parameters = exchange("GET /api/v1/page?limit=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                + "Idempotency-Key: abcd\r\nConnection: close\r\n\r\n");
        assertProblem(parameters, 400).contains("\"type\":\"urn:parley:problem:invalid-request\"")
                .contains("\"errors\":[{\"field\":\"Idempotency-Key\",\"detail\":\"Idempotency-Key must have at most 3 characters\"},"
                        + "{\"field\":\"limit\",\"detail\":\"limit must be at least 1\"}]").doesNotContain("abcd");

        String mistyped = exchange("GET /api/v1/page?limit=abc HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                + "Connection: close\r\n\r\n");
        assertProblem(mistyped, 400).contains("\"type\":\"urn:parley:problem:invalid-request\"")
                .contains("\"detail\":\"limit must be an integer\"").doesNotContain("abc\"");

        byte[] body = "{\"text\":\" \"}".getBytes(StandardCharsets.UTF_8);
        String note = exchange("POST /api/v1/note HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"
                + new String(body, StandardCharsets.UTF_8));
        assertProblem(note, 400).as("the first field by name picks the type").contains("urn:parley:problem:text-invalid")
                .contains("\"detail\":\"text must not be blank; to is required\"")
                .contains("{\"field\":\"text\",\"detail\":\"text must not be blank\"},{\"field\":\"to\",\"detail\":\"to is required\"}");
    }

    @Test
    void aBugIsA500ProblemThatGivesNothingAway() throws IOException {
        assertProblem(get("/api/v1/bug"), 500)
                .contains("\"status\":500").doesNotContain("internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void anOutageIsA503ToRetry() throws IOException {
        assertProblem(get("/api/v1/outage"), 503)
                .containsIgnoringCase("Retry-After: 3").contains("\"type\":\"urn:parley:problem:service-unavailable\"");
    }

    @Test
    void aMissingAggregateIsA404Problem() throws IOException {
        assertProblem(get("/api/v1/missing"), 404)
                .contains("\"type\":\"urn:parley:problem:not-found\"").contains("\"detail\":\"No such resource\"")
                .doesNotContain("gone-conversation"); // not hex: a random X-Request-Id cannot contain it
    }

    @Test
    void aRejectionKeepsItsStatusTypeAndDetail() throws IOException {
        assertProblem(get("/api/v1/refused"), Rejection.NOT_A_MEMBER.status())
                .contains("\"type\":\"" + Rejection.NOT_A_MEMBER.type() + "\"")
                .contains("\"detail\":\"Not a member of this conversation\"");
    }

    @Test
    void springsOwnRefusalsKeepTheirStatus() throws IOException {
        assertProblem(exchange("DELETE /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer + "Connection: close\r\n\r\n"), 405);
    }

    private static AbstractStringAssert<?> assertProblem(String reply, int status) {
        return assertThat(reply).startsWith("HTTP/1.1 " + status)
                .containsIgnoringCase("Content-Type: application/problem+json");
    }

    private static String get(String path) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer + "Connection: close\r\n\r\n");
    }

    @Test
    void theApiNeedsAValidTokenAndSaysSoAsAProblem() throws IOException {
        for (String authorization : new String[]{"", "Authorization: Bearer a.b.c\r\n", "Authorization: Basic dXNlcjpwYXNz\r\n"}) {
            String reply = exchange("GET /api/v1/outage HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization
                    + "Connection: close\r\n\r\n");

            assertThat(reply).startsWith("HTTP/1.1 401").containsIgnoringCase("WWW-Authenticate: Bearer\r\n")
                    .containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("\"type\":\"urn:parley:problem:unauthenticated\"")
                    .contains("\"detail\":\"A valid access token is required\"")
                    .containsIgnoringCase("X-Content-Type-Options: nosniff").doesNotContainIgnoringCase("Set-Cookie");
        }
    }

    private static String post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return exchange("POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + json);
    }

    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
