package io.parley.gateway.push;

import java.time.Duration;

/**
 * What a device is told about a conversation: the newest {@code seq}, who sent it ({@code senderName}, null when
 * unknown), a {@code preview} of the text only when the user allows previews (else null), and {@code unread}, the
 * messages from others above the user's read watermark; {@code request}: the first message of a message request
 * not accepted yet (then no preview). A sender turns it into its own wire format.
 */
record PushNotification(String conversationId, long seq, String senderName, String preview, long unread,
                        Duration ttl, boolean request) {
}
