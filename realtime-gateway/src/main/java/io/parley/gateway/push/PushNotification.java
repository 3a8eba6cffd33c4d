package io.parley.gateway.push;

import java.time.Duration;

/**
 * What a device is told about a conversation. Of a {@link Kind#MESSAGE}: the newest {@code seq}, who sent it
 * ({@code senderName}, null when unknown), a {@code preview} of the text only when the user allows previews (else
 * null), and {@code unread}, the messages from others above the user's read watermark; {@code request}: the first
 * message of a message request not accepted yet (then no preview). Of a {@link Kind#INVITATION} to a group: who invited
 * the user ({@code senderName}) and the group's {@code title}, no message. A sender turns it into its own wire format.
 */
record PushNotification(Kind kind, String conversationId, long seq, String senderName, String preview, long unread,
                        Duration ttl, boolean request, String title) {

    enum Kind { MESSAGE, INVITATION }

    PushNotification(String conversationId, long seq, String senderName, String preview, long unread,
                     Duration ttl, boolean request) {
        this(Kind.MESSAGE, conversationId, seq, senderName, preview, unread, ttl, request, null);
    }

    static PushNotification invitation(String conversationId, String inviterName, String title, Duration ttl) {
        return new PushNotification(Kind.INVITATION, conversationId, 0, inviterName, null, 0, ttl, false, title);
    }
}
