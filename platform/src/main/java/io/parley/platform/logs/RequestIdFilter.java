package io.parley.platform.logs;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Gives every HTTP request its {@link RequestIds request id}: the caller's {@value RequestIds#HEADER} when it is a
 * plain one (a proxy's, say), else a new one; answered in the same header, and in the logs while the request runs.
 */
public final class RequestIdFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String requestId = RequestIds.acceptOrCreate(((HttpServletRequest) request).getHeader(RequestIds.HEADER));
        ((HttpServletResponse) response).setHeader(RequestIds.HEADER, requestId);
        try (RequestIds.Scope ignored = RequestIds.open(requestId)) {
            chain.doFilter(request, response);
        }
    }
}
