package io.parley.platform.limits;

import io.parley.platform.auth.Caller;
import io.parley.platform.problem.ProblemResponse;
import io.parley.api.problem.Rejection;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@link RateLimitRule}s: a request to a limited endpoint takes a try from its caller's bucket and from its
 * client address's bucket, or is answered 429 {@code application/problem+json} with {@code Retry-After}. Runs after
 * the security chain (access tokens), which leaves the {@link Caller} it counts accounts by. Paths are matched as the servlet
 * container decoded and normalized them, so {@code /%61pi/…} or {@code /api;x=1/…} count like {@code /api/…}.
 */
public final class RateLimitFilter implements Filter {

    private record Key(String rule, String scope, String id) {
    }

    private final List<RateLimitRule> rules;
    private final KeyedBuckets buckets;

    public RateLimitFilter(List<RateLimitRule> rules, long maxKeys) {
        this.rules = List.copyOf(rules);
        this.buckets = new KeyedBuckets(maxKeys);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        for (RateLimitRule rule : rules) {
            if (rule.matches(request.getMethod(), path)) {
                if (!admitted(rule, request, (HttpServletResponse) res)) {
                    return;
                }
                break;
            }
        }
        chain.doFilter(req, res);
    }

    /** Takes the request's tries, or answers 429. */
    private boolean admitted(RateLimitRule rule, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Key account = request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller
                ? new Key(rule.name(), "account", caller.userId().value()) : null;
        if (account != null) {
            Optional<Duration> wait = buckets.tryTake(account, rule.perAccount());
            if (wait.isPresent()) {
                tooMany(response, request, "Too many " + rule.name() + " from this account", wait.get());
                return false;
            }
        }
        Key address = new Key(rule.name(), "address", ClientAddress.of(request));
        Optional<Duration> wait = buckets.tryTake(address, rule.perAddress());
        if (wait.isPresent()) {
            if (account != null) {
                buckets.giveBack(account);
            }
            tooMany(response, request, "Too many " + rule.name() + " from this address", wait.get());
            return false;
        }
        return true;
    }

    private static void tooMany(HttpServletResponse response, HttpServletRequest request, String detail,
                                Duration wait) throws IOException {
        long seconds = retryAfterSeconds(wait);
        response.setHeader("Retry-After", Long.toString(seconds));
        ProblemResponse.write(response, Rejection.TOO_MANY_REQUESTS, detail + "; retry in " + seconds + " s",
                request.getRequestURI());
    }

    /** Whole seconds, rounded up, at least 1 ({@code Retry-After} has no fractions). */
    static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
