package io.parley.api.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Invite link tokens: 256 random bits, base64url; only their SHA-256 hash is ever stored. */
public final class InviteTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;

    private InviteTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JVM", impossible);
        }
    }

    /** Whether two hashes are equal, in time independent of where they differ. */
    public static boolean matches(String expectedHash, String givenHash) {
        return expectedHash != null && givenHash != null && MessageDigest.isEqual(
                expectedHash.getBytes(StandardCharsets.UTF_8), givenHash.getBytes(StandardCharsets.UTF_8));
    }
}
