package io.parley.platform.auth;

/**
 * A WebSocket endpoint of the application (a bean), whose upgrade the security chain authenticates like an API
 * request. Browsers cannot set headers on an upgrade, so its access token comes as the {@code access_token} query
 * parameter or as one of the offered {@code Sec-WebSocket-Protocol} values, next to {@code subProtocol}.
 */
public record SocketEndpoint(String path, String subProtocol) {
}
