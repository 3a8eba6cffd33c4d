package io.parley.api.consistency;

import io.parley.api.conversation.ConversationId;
import io.parley.api.problem.Rejection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Read-your-writes: where a command's events stand in their conversation, handed to the client as an opaque string
 * (the {@value #HEADER} header of a command's answer) that it may give back to a query, which then answers only once
 * its read model has taken those events. A conversation's events are numbered by the aggregate's own sequence, known
 * to the command side without asking the event store, and the read model keeps the highest number it has taken per
 * conversation; so the token costs the send path nothing but formatting, and it means the same in one JVM as on any
 * node of the distributed set-up.
 *
 * <p>On the wire: base64url (no padding) of {@code 1:<conversationId>:<eventSequence>}. Clients must not look inside.
 */
public record ConsistencyToken(ConversationId conversationId, long eventSequence) {

    /** The request and response header that carries a token. */
    public static final String HEADER = "Parley-Consistency";
    /** The key of the encoded token in a command's result metadata, on its way from the handler to the client's edge. */
    public static final String META_DATA_KEY = "parleyConsistency";
    /** The type of the aggregate whose events tokens name. */
    public static final String AGGREGATE_TYPE = "Conversation";

    private static final String VERSION = "1";
    private static final int MAX_LENGTH = 256;
    private static final int MAX_CONVERSATION_ID_LENGTH = 128;

    public ConsistencyToken {
        if (conversationId == null || eventSequence < 0) {
            throw new IllegalArgumentException("a conversation and a sequence of at least 0");
        }
    }

    public String encode() {
        String plain = VERSION + ":" + conversationId.value() + ":" + eventSequence;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The token in {@code value}; anything that is not one a command answer gave is a 400 for the client. */
    public static ConsistencyToken decode(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw invalid();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        int first = plain.indexOf(':');
        int last = plain.lastIndexOf(':');
        if (first < 0 || first == last || !VERSION.equals(plain.substring(0, first))) {
            throw invalid();
        }
        String conversation = plain.substring(first + 1, last);
        if (conversation.isBlank() || conversation.length() > MAX_CONVERSATION_ID_LENGTH
                || conversation.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw invalid();
        }
        long sequence;
        try {
            sequence = Long.parseLong(plain.substring(last + 1));
        } catch (NumberFormatException notANumber) {
            throw invalid();
        }
        if (sequence < 0) {
            throw invalid();
        }
        return new ConsistencyToken(ConversationId.of(conversation), sequence);
    }

    private static RuntimeException invalid() {
        return Rejection.CONSISTENCY_TOKEN_INVALID.exception("Not a " + HEADER + " token that a command answer gave");
    }
}
