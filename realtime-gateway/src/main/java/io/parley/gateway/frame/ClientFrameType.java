package io.parley.gateway.frame;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The frame types a device may send, each with the fields it carries besides {@code type}. The socket handler
 * dispatches on these, {@link ClientFrame} reads only declared fields, and docs/asyncapi.yaml is checked against them.
 */
public enum ClientFrameType {

    SEND("send", "id", "conversationId", "clientMessageId", "text", "mediaId", "replyTo"),
    DELIVERED("delivered", "id", "conversationId", "upToSeq"),
    READ("read", "id", "conversationId", "upToSeq"),
    TYPING("typing", "id", "conversationId", "state"),
    REACT("react", "id", "conversationId", "seq", "emoji"),
    UNREACT("unreact", "id", "conversationId", "seq"),
    EDIT("edit", "id", "conversationId", "seq", "text"),
    DELETE("delete", "id", "conversationId", "seq", "for"),
    FORWARD("forward", "id", "conversationId", "clientMessageId", "fromConversationId", "fromSeq"),
    RESUME("resume", "id", "positions", "changes"),
    PING("ping", "id"),
    AUTH("auth", "id", "accessToken");

    private static final Map<String, ClientFrameType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ClientFrameType::wireName, Function.identity()));

    private final String wireName;
    private final Set<String> fields;

    ClientFrameType(String wireName, String... fields) {
        this.wireName = wireName;
        this.fields = Set.of(fields);
    }

    /** The type a frame's {@code type} names; an {@code invalid-frame} rejection when it names none. */
    public static ClientFrameType of(String wireName) {
        return find(wireName).orElseThrow(() -> ClientFrame.invalid("Unknown frame type '" + wireName + "'"));
    }

    public static Optional<ClientFrameType> find(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    /** The {@code type} on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The fields besides {@code type}. */
    public Set<String> fields() {
        return fields;
    }
}
