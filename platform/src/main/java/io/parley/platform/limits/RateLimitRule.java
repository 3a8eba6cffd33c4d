package io.parley.platform.limits;

import java.util.List;

/**
 * A limit on one endpoint: requests with {@code method} to a path matching {@code pathPattern} (segments, {@code *}
 * standing for any one segment) get {@code perAccount} per caller (when authenticated) and {@code perAddress} per
 * client address. {@code name} says what is limited, in the 429 problem's detail.
 */
public record RateLimitRule(String name, String method, String pathPattern, RateLimit perAccount,
                            RateLimit perAddress) {

    public RateLimitRule {
        if (!pathPattern.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with /: " + pathPattern);
        }
    }

    public static RateLimitRule post(String name, String pathPattern, RateLimit perAccount, RateLimit perAddress) {
        return new RateLimitRule(name, "POST", pathPattern, perAccount, perAddress);
    }

    boolean matches(String requestMethod, String path) {
        if (!method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        List<String> expected = List.of(pathPattern.substring(1).split("/", -1));
        List<String> actual = List.of(path.substring(1).split("/", -1));
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String got = actual.get(i);
            if (want.equals("*") ? got.isEmpty() : !want.equals(got)) {
                return false;
            }
        }
        return true;
    }
}
