package io.parley.gateway.push;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.api.account.UserId;
import io.parley.api.query.ConversationSummary;
import io.parley.gateway.membership.UserConversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Display names for pushes, as the recipient's conversation list shows them (the query side). One look-up of the
 * recipient's conversations names everyone in them and who invited them into groups; names are kept a few minutes.
 */
final class SenderNames {

    private static final Logger log = LoggerFactory.getLogger(SenderNames.class);

    private final UserConversations conversations;
    private final Cache<UserId, String> names = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(100_000).build();

    SenderNames(UserConversations conversations) {
        this.conversations = conversations;
    }

    /** The sender's display name as the recipient sees it; null when it cannot be learned now. */
    String of(UserId sender, UserId recipient) {
        String known = names.getIfPresent(sender);
        if (known != null) {
            return known;
        }
        try {
            for (ConversationSummary conversation : conversations.listed(recipient)) {
                conversation.members().forEach(this::remember);
                if (conversation.invitedBy() != null) {
                    remember(conversation.invitedBy());
                }
            }
        } catch (RuntimeException unavailable) {
            log.debug("Display names unavailable: {}", unavailable.toString());
        }
        return names.getIfPresent(sender);
    }

    private void remember(ConversationSummary.Member member) {
        if (member.displayName() != null) {
            names.put(UserId.of(member.userId()), member.displayName());
        }
    }
}
