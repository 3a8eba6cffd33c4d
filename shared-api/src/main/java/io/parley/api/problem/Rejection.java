package io.parley.api.problem;

import java.net.URI;

/**
 * Every way Parley turns a request down, with the HTTP status and the stable problem {@code type} and
 * {@code title} that clients may rely on (RFC 9457).
 */
public enum Rejection {
    INVALID_REQUEST(400, "Invalid request"),
    INVALID_FRAME(400, "Invalid frame"),
    TEXT_INVALID(400, "Message text is empty or too long"),
    MEDIA_NOT_ATTACHABLE(400, "Media cannot be attached"),
    MEDIA_TYPE_NOT_ALLOWED(400, "File type not allowed for this media type"),
    MEDIA_TOO_LARGE(400, "File too large for this media type"),
    UPLOAD_REJECTED(400, "Uploaded file rejected"),
    SEQ_OUT_OF_RANGE(400, "Sequence number out of range"),
    REPLY_TO_UNKNOWN(400, "The message replied to does not exist"),
    REACTION_INVALID(400, "A reaction is one emoji"),
    CURSOR_INVALID(400, "Invalid sync cursor"),
    CONSISTENCY_TOKEN_INVALID(400, "Invalid consistency token"),
    NOT_A_GROUP(400, "Not a group conversation"),
    CANNOT_TALK_TO_SELF(400, "A direct conversation needs another user"),
    DISPLAY_NAME_INVALID(400, "Display name not allowed"),
    PASSWORD_TOO_WEAK(400, "Password too short or too common"),
    UNAUTHENTICATED(401, "Authentication required"),
    INVALID_CREDENTIALS(401, "Invalid username or password"),
    INVALID_REFRESH_TOKEN(401, "Invalid refresh token"),
    /** A request the security chain refuses to an authenticated caller (no endpoint's own rule). */
    ACCESS_DENIED(403, "Access denied"),
    NOT_A_MEMBER(403, "Not a member of this conversation"),
    NOT_AN_ADMIN(403, "Only group admins may do this"),
    NOT_AN_ANALYST(403, "Only analysts may do this"),
    /** The server's administrators (backup, projection replay), not a group's admins ({@link #NOT_AN_ADMIN}). */
    NOT_A_PARLEY_ADMIN(403, "Only Parley administrators may do this"),
    NOT_YOUR_MESSAGE(403, "Only the sender may do this to a message"),
    ONLY_ADMINS_SEND(403, "Only admins may send messages in this group"),
    BLOCKED(403, "Blocked"),
    /** The peer declined this direct chat's message request. */
    MESSAGE_REQUEST_DECLINED(403, "Message request declined"),
    /** A decline of a conversation that is no message request to the caller. */
    NOT_A_MESSAGE_REQUEST(409, "Not a message request"),
    USER_NOT_FOUND(404, "User not found"),
    CONVERSATION_NOT_FOUND(404, "Conversation not found"),
    DEVICE_NOT_FOUND(404, "No active session on this device"),
    NOT_FOUND(404, "Not found"),
    MESSAGE_NOT_FOUND(404, "Message not found"),
    INVITE_LINK_INVALID(404, "Invite link revoked or unknown"),
    /** A cancel of a group invitation the user does not have: never invited, or a member already. */
    NO_OPEN_INVITATION(404, "No open invitation for this user"),
    USERNAME_TAKEN(409, "Username already taken"),
    GROUP_FULL(409, "Group size limit reached"),
    LAST_ADMIN(409, "A group keeps at least one admin"),
    MESSAGE_DELETED(409, "Message deleted"),
    EDIT_WINDOW_CLOSED(409, "Too late to edit this message"),
    TOO_MANY_DEVICES(409, "Device limit reached"),
    UPLOAD_INCOMPLETE(409, "Upload not complete"),
    BACKUP_RUNNING(409, "A backup is already running"),
    UPLOAD_SESSION_EXPIRED(410, "Upload session expired"),
    /** A {@code Range} that starts past the end of a download (the answer's {@code Content-Range} says its size). */
    RANGE_NOT_SATISFIABLE(416, "Range not satisfiable"),
    /** An Idempotency-Key sent again with a different request. */
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key already used for another request"),
    TOO_MANY_PENDING_UPLOADS(429, "Too many upload sessions not yet completed"),
    RATE_LIMITED(429, "Too many frames"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    /** Not the client's fault and not a bug: a service the request needs is down or slow; try again (Retry-After). */
    SERVICE_UNAVAILABLE(503, "Service temporarily unavailable"),
    /** The read model has not reached a consistency token in the time a query waits for it; try again (Retry-After). */
    NOT_CAUGHT_UP(503, "Read model not caught up yet");

    private final int status;
    private final String title;

    Rejection(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return URI.create("urn:parley:problem:" + name().toLowerCase().replace('_', '-'));
    }

    public RejectedException exception(String detail) {
        return new RejectedException(this, detail);
    }
}
