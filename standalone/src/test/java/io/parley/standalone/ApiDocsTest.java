package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.platform.auth.AccessTokenPaths;
import io.parley.platform.auth.Caller;
import io.parley.standalone.RawHttp.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API documents: the OpenAPI document at /v3/api-docs names every REST endpoint (a new endpoint is in it, or this
 * test fails), with the bearer scheme and the caller as no parameter; Swagger UI shows it under the strict content
 * security policy; the AsyncAPI document of the socket is at /asyncapi.yaml. None of them needs a token.
 */
class ApiDocsTest extends StandaloneTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMappings;

    private RawHttp raw;

    @BeforeEach
    void raw() {
        raw = new RawHttp(port);
    }

    @Test
    void theOpenApiDocumentListsEveryRestEndpoint() {
        JsonNode document = openApiDocument();

        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                documented.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(documented).isNotEmpty().isEqualTo(apiEndpoints());
    }

    @Test
    void everyEndpointButTheTokenOnesNeedsABearerToken() {
        JsonNode document = openApiDocument();

        JsonNode scheme = document.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(document.path("security").findValues("bearer")).hasSize(1);
        for (Operation operation : operations(document)) {
            if (AccessTokenPaths.PUBLIC_PATHS.contains(operation.path())) {
                assertThat(operation.node().path("security").isArray() && operation.node().path("security").isEmpty())
                        .as("%s is public", operation).isTrue();
            } else {
                assertThat(operation.node().has("security")).as("%s needs the token", operation).isFalse();
                assertThat(operation.node().path("responses").has("401")).as("%s may answer 401", operation).isTrue();
            }
        }
        assertThat(AccessTokenPaths.PUBLIC_PATHS).allSatisfy(path -> assertThat(document.path("paths").has(path)).isTrue());
    }

    @Test
    void theCallerIsNoParameterAndFailuresAreProblems() {
        JsonNode document = openApiDocument();

        for (Operation operation : operations(document)) {
            for (JsonNode parameter : operation.node().path("parameters")) {
                assertThat(parameter.path("name").asText()).as("a parameter of %s", operation)
                        .isNotIn("caller", Caller.REQUEST_ATTRIBUTE);
            }
            assertThat(operation.node().path("responses").path("4XX").path("content").has("application/problem+json"))
                    .as("%s answers problems", operation).isTrue();
            assertThat(operation.node().findValues("content")).as("%s answers JSON", operation)
                    .allSatisfy(content -> assertThat(content.has("*/*")).isFalse());
        }
        assertThat(document.path("components").path("schemas").has("Caller")).isFalse();
        assertThat(document.path("paths").path("/api/v1/auth/devices").path("get").has("parameters")).isFalse();
    }

    @Test
    void swaggerUiAndTheAsyncApiDocumentAreServed() {
        Reply ui = raw.get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.header("Content-Type")).startsWith("text/html");
        // Swagger UI sets inline styles: its pages (only) allow them, and nothing else is relaxed
        String policy = ui.header("Content-Security-Policy");
        assertThat(policy).contains("style-src 'self' 'unsafe-inline';", "script-src 'self';", "default-src 'self';")
                .doesNotContain("unsafe-eval");
        assertThat(policy.replace("style-src 'self' 'unsafe-inline';", "style-src 'self';"))
                .isEqualTo(raw.get("/", null).header("Content-Security-Policy"));
        Reply config = raw.get("/v3/api-docs/swagger-config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("url").asText()).isEqualTo("/v3/api-docs");

        Reply asyncApi = raw.get("/asyncapi.yaml", null);
        assertThat(asyncApi.status()).isEqualTo(200);
        Map<String, Object> document = new Yaml().load(asyncApi.body());
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
    }

    @Test
    void swaggerUiShowsEveryOperationUnderTheContentSecurityPolicy() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Skipped: needs /usr/bin/chromium and /usr/bin/chromedriver");
        int operations = apiEndpoints().size();
        try (WebBrowser browser = new WebBrowser("swagger")) {
            try {
                browser.driver.get("http://127.0.0.1:" + port + "/swagger-ui/index.html");
                browser.waitFor(d -> d.findElements(By.cssSelector(".opblock")).size() == operations);
                // open one: its parameters and the response examples render
                browser.click(".opblock-get .opblock-summary");
                browser.waitFor(d -> !d.findElements(By.cssSelector(".opblock.is-open .responses-table")).isEmpty());
                assertThat(browser.consoleLines()).noneMatch(line -> line.contains("Content Security Policy"));
            } catch (Throwable failure) {
                browser.printConsole();
                throw failure;
            }
        }
    }

    private JsonNode openApiDocument() {
        Reply reply = raw.get("/v3/api-docs", null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        return reply.json();
    }

    /** "METHOD /path" of every handler method under /api/, as Spring MVC maps them. */
    private Set<String> apiEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        handlerMappings.getHandlerMethods().forEach((mapping, handler) -> {
            for (String pattern : mapping.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                assertThat(mapping.getMethodsCondition().getMethods()).as("%s names its HTTP methods", pattern).isNotEmpty();
                String path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
                mapping.getMethodsCondition().getMethods().forEach(method -> endpoints.add(method.name() + " " + path));
            }
        });
        return endpoints;
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method.getKey())) {
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
            }
        }));
        return operations;
    }

    private record Operation(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
