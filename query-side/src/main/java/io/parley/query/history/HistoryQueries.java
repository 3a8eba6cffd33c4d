package io.parley.query.history;

import io.parley.api.problem.Rejection;
import io.parley.api.query.GetHistory;
import io.parley.api.query.HistoryPage;
import io.parley.api.query.MessageStatus;
import io.parley.api.query.MessageView;
import io.parley.api.query.SystemLine;
import io.parley.query.conversation.ConversationReads;
import io.parley.query.conversation.GroupReads;
import io.parley.query.projection.ReadModels;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A page of history: the seqs it covers follow from the cursor and the conversation's last seq, so the page is
 * read by id. The caller's own messages get a status from the other members' watermarks.
 */
@Component
class HistoryQueries {

    private final ConversationReads conversations;
    private final MessageViews messages;
    private final GroupReads groups;

    HistoryQueries(ConversationReads conversations, MessageViews messages, GroupReads groups) {
        this.conversations = conversations;
        this.messages = messages;
        this.groups = groups;
    }

    @QueryHandler
    HistoryPage handle(GetHistory query) {
        validate(query);
        ConversationReads.Access access = conversations.requireMember(query.conversationId(), query.userId());
        long lastSeq = access.lastSeq();
        long from;
        long to;
        if (query.after() != null) {
            from = query.after() + 1;
            to = Math.min(query.after() + query.limit(), lastSeq);
        } else {
            to = query.before() == null ? lastSeq : Math.min(query.before() - 1, lastSeq);
            from = Math.max(1, to - query.limit() + 1);
        }
        String conversationId = query.conversationId().value();
        List<String> ids = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            ids.add(ReadModels.key(conversationId, seq));
        }
        List<MessageView> page = withStatus(conversationId, query.userId().value(), access,
                messages.byIds(ids, query.userId().value()));
        Set<String> senders = new HashSet<>();
        page.forEach(message -> senders.add(message.senderId()));
        // the first page also has the lines from before the first message
        List<SystemLine> lines = groups.lines(conversationId, from == 1 ? 0 : from, to);
        lines.forEach(line -> {
            if (line.by() != null) {
                senders.add(line.by());
            }
            if (line.userIds() != null) {
                senders.addAll(line.userIds());
            }
        });
        return new HistoryPage(conversationId, page, lastSeq, from > 1 && lastSeq > 0, to < lastSeq,
                conversations.displayNames(senders), access.lastChange(),
                lines);
    }

    private List<MessageView> withStatus(String conversationId, String caller, ConversationReads.Access access,
                                         List<MessageView> page) {
        if (page.stream().noneMatch(message -> caller.equals(message.senderId()))) {
            return page;
        }
        List<String> others = access.members().stream().filter(member -> !member.equals(caller)).toList();
        var watermarks = conversations.members(conversationId, others);
        long deliveredToAll = Long.MAX_VALUE;
        long readByAll = Long.MAX_VALUE;
        for (String other : others) {
            var watermark = watermarks.get(other);
            deliveredToAll = Math.min(deliveredToAll, watermark == null ? 0 : watermark.delivered());
            readByAll = Math.min(readByAll, watermark == null ? 0 : watermark.read());
        }
        if (others.isEmpty()) {
            deliveredToAll = 0;
            readByAll = 0;
        }
        List<MessageView> result = new ArrayList<>(page.size());
        for (MessageView message : page) {
            if (!caller.equals(message.senderId())) {
                result.add(message);
            } else {
                MessageStatus status = message.seq() <= readByAll ? MessageStatus.READ
                        : message.seq() <= deliveredToAll ? MessageStatus.DELIVERED : MessageStatus.SENT;
                result.add(messages.withStatus(message, status));
            }
        }
        return result;
    }

    private static void validate(GetHistory query) {
        if (query.limit() < 1 || query.limit() > GetHistory.MAX_LIMIT) {
            throw Rejection.INVALID_REQUEST.exception("limit must be between 1 and " + GetHistory.MAX_LIMIT);
        }
        if (query.before() != null && query.after() != null) {
            throw Rejection.INVALID_REQUEST.exception("Give before or after, not both");
        }
        if (query.before() != null && query.before() < 1 || query.after() != null && query.after() < 0) {
            throw Rejection.INVALID_REQUEST.exception("before must be at least 1, after at least 0");
        }
    }
}
