package io.parley.platform.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Leaves the authenticated {@link Caller} in the request attribute {@link Caller#REQUEST_ATTRIBUTE}, where the
 * controllers and the rate limits read it.
 */
final class CallerAttributeFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof AccessTokenAuthentication authenticated) {
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, authenticated.getPrincipal());
        }
        chain.doFilter(request, response);
    }
}
