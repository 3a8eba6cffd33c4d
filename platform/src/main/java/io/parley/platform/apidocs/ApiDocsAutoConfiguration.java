package io.parley.platform.apidocs;

import io.parley.platform.auth.AccessTokenPaths;
import io.parley.platform.auth.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * What springdoc cannot see in Parley's controllers (a service with REST endpoints serves its OpenAPI document at
 * {@code /v3/api-docs} and Swagger UI at {@code /swagger-ui/index.html}; standalone serves all of them in one): every
 * endpoint but the ones that hand out tokens needs a bearer access token; the {@link Caller} is the security chain's
 * request attribute, no parameter; failures are {@code application/problem+json}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SpringDocUtils.class)
public class ApiDocsAutoConfiguration {

    private static final String BEARER = "bearer";
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI parleyOpenApi(Environment environment) {
        String application = environment.getProperty("spring.application.name", "parley");
        return new OpenAPI()
                .info(new Info().title("Parley REST API").version("v1").description("The endpoints of " + application
                        + ". The WebSocket protocol is described in /asyncapi.yaml (docs/asyncapi.yaml)."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT")
                                .description("The accessToken of POST /api/v1/auth/login or /api/v1/auth/refresh"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * The token endpoints are public; the others may answer 401; any endpoint may answer a 4xx problem; answers are
     * JSON (springdoc says {@code *}{@code /*} where a controller does not name what it produces).
     */
    @Bean
    GlobalOpenApiCustomizer parleyApiConventions() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                if (AccessTokenPaths.PUBLIC_PATHS.contains(path)) {
                    operation.setSecurity(List.of());
                } else {
                    addProblem(operation, "401", "No valid access token (missing, expired, tampered or revoked)");
                }
                addProblem(operation, "4XX", "The request was refused; the problem's type says why");
                operation.getResponses().values().forEach(ApiDocsAutoConfiguration::answerJson);
            }));
        };
    }

    private static void answerJson(ApiResponse response) {
        Content content = response.getContent();
        if (content != null && content.containsKey("*/*")) {
            content.addMediaType(JSON, content.remove("*/*"));
        }
    }

    private static void addProblem(Operation operation, String status, String description) {
        operation.getResponses().putIfAbsent(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    /** RFC 9457; {@code type} is one of Parley's stable problem types (urn:parley:problem:…). */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("A problem (RFC 9457)")
                .addProperty("type", new StringSchema().format("uri").example("urn:parley:problem:invalid-request"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema());
    }
}
