package io.parley.command.account;

import io.parley.api.account.UserId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh tokens are opaque to clients: {@code <userId>.<256 random bits>}. The user id part tells which
 * account to ask; only the SHA-256 hash of the whole token is ever stored.
 */
final class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RefreshTokens() {
    }

    static String newToken(UserId userId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return userId.value() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    static Optional<UserId> ownerOf(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(UserId.of(UUID.fromString(token.substring(0, dot)).toString()));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
