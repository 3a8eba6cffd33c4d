package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A client's {@code Idempotency-Key} for creating a group: the group's id follows from the creator and the key, so
 * the same request sent twice (a double click, a retry after a lost answer) meets the group the first one created,
 * after a restart too, instead of creating a second one. Kept in the event store, not in a cache that forgets.
 */
final class IdempotencyKey {

    static final String HEADER = "Idempotency-Key";
    /** The header's constraint, on the endpoints that take it. */
    static final String VALID = "[\\x21-\\x7E]{1,128}";
    static final String RULE = HEADER + " must be 1 to 128 visible ASCII characters";

    private IdempotencyKey() {
    }

    /** A new group's id: derived from the key (one that is {@link #VALID}) when there is one, otherwise random. */
    static ConversationId groupId(UserId creator, String key) {
        if (key == null) {
            return ConversationId.newGroup();
        }
        return new ConversationId(UUID.nameUUIDFromBytes(("parley:group:" + creator.value() + ":" + key)
                .getBytes(StandardCharsets.UTF_8)).toString());
    }
}
