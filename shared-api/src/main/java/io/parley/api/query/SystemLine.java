package io.parley.api.query;

import java.time.Instant;
import java.util.List;

/**
 * A line of history that is no message: who created, renamed or described the group, who joined, left, was added,
 * removed, promoted or demoted, and changes to who may send and to the invite link. It goes after the message at
 * {@code afterSeq} (0: before the first). {@code type}: {@code group.created} ({@code title}), {@code members.added}
 * ({@code userIds}), {@code member.joined} (by invite link: {@code by} alone), {@code member.left},
 * {@code member.removed} ({@code userIds}: the one removed), {@code admin.appointed} (by the group itself, when the
 * last admin left), {@code admin.promoted}, {@code admin.demoted} ({@code userIds}), {@code group.renamed}
 * ({@code title}), {@code group.described} ({@code description}, empty when cleared), {@code sendPolicy.changed}
 * ({@code onlyAdminsSend}), {@code inviteLink.created}, {@code inviteLink.revoked}. {@code by} is who did it (null for
 * {@code admin.appointed}). {@code position} orders lines after one message.
 */
public record SystemLine(String type, long afterSeq, long position, String by, List<String> userIds, String title,
                         String description, Boolean onlyAdminsSend, Instant at) {
}
