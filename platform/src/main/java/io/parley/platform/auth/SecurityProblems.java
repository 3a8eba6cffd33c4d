package io.parley.platform.auth;

import io.parley.api.problem.Rejection;
import io.parley.platform.problem.ProblemResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;

/** The security chain's refusals, as {@code application/problem+json} like every other refusal. */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    /** No valid access token (missing, malformed, expired, tampered, revoked): 401 with a bare Bearer challenge. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemResponse.write(response, Rejection.UNAUTHENTICATED, "A valid access token is required",
                AccessTokenPaths.pathWithinApplication(request));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        ProblemResponse.write(response, Rejection.ACCESS_DENIED, "This request is not allowed with this token",
                AccessTokenPaths.pathWithinApplication(request));
    }

    /** The firewall refused a request target a router might read otherwise ({@code ;}, {@code %2e}, {@code //}...). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        ProblemResponse.write(response, Rejection.INVALID_REQUEST, "The request target is not allowed",
                request.getRequestURI());
    }
}
