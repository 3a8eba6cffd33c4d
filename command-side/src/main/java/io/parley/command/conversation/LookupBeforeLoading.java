package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.AddMembers;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.CreateGroup;
import io.parley.api.conversation.DeleteMessage;
import io.parley.api.conversation.EditMessage;
import io.parley.api.conversation.ForwardMessage;
import io.parley.api.conversation.SendMessage;
import io.parley.api.query.MessageView;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Looks up, before the handler loads (and locks) the conversation, every fact a command needs from elsewhere, all at
 * once: a send's media ({@link MediaLookup}, from the media module) and the message it replies to; the message an edit
 * changes or a deletion removes ({@link MessageLookup}, one read-model query for its sender, preview and media); what a
 * forward copies ({@link ForwardLookup}); who of those a group would take in blocks the one adding them
 * ({@link BlockLookup}) or never talked with them ({@link StrangerLookup}), both from one read of each pair's direct
 * chat ({@link DirectChats}). They go to the aggregate in the command's metadata: a slow module holds a
 * command thread, never the conversation, and the aggregate keeps every decision (membership first, a resend answers
 * the original, then the facts). Lookups that did not come from here are never trusted.
 */
@Component
class LookupBeforeLoading implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final Set<String> KEYS = Set.of(MediaLookup.KEY, MessageLookup.KEY, ForwardLookup.KEY, BlockLookup.KEY,
            StrangerLookup.KEY);

    private final AttachableMedia media;
    private final StoredMessages messages;
    private final DirectChats directChats;

    @Autowired
    LookupBeforeLoading(AttachableMedia media, StoredMessages messages, DirectChats directChats, CommandBus commandBus) {
        this(media, messages, directChats);
        commandBus.registerHandlerInterceptor(this);
    }

    /** Unregistered, for a test fixture's bus. */
    LookupBeforeLoading(AttachableMedia media, StoredMessages messages, DirectChats directChats) {
        this.media = media;
        this.messages = messages;
        this.directChats = directChats;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object payload = unitOfWork.getMessage().getPayload();
        if (payload instanceof SendMessage || payload instanceof EditMessage || payload instanceof DeleteMessage
                || payload instanceof ForwardMessage || payload instanceof CreateGroup || payload instanceof AddMembers) {
            Map<String, Object> facts = join(lookUp(payload));
            unitOfWork.transformMessage(command -> command.withMetaData(command.getMetaData().withoutKeys(KEYS))
                    .andMetaData(facts));
        }
        return chain.proceed();
    }

    private CompletableFuture<Map<String, Object>> lookUp(Object command) {
        if (command instanceof SendMessage send) {
            CompletableFuture<MediaLookup> attachment = send.mediaId() == null ? none()
                    : media.lookUp(send.mediaId(), send.senderId());
            CompletableFuture<MessageLookup> repliedTo = send.replyToSeq() == null ? none()
                    : message(send.conversationId(), send.replyToSeq());
            return attachment.thenCombine(repliedTo, (mediaLookup, messageLookup) -> {
                Map<String, Object> facts = new HashMap<>();
                put(facts, MediaLookup.KEY, mediaLookup);
                put(facts, MessageLookup.KEY, messageLookup);
                return facts;
            });
        }
        if (command instanceof EditMessage edit) {
            return message(edit.conversationId(), edit.seq()).thenApply(lookup -> Map.of(MessageLookup.KEY, lookup));
        }
        if (command instanceof DeleteMessage delete) {
            return message(delete.conversationId(), delete.seq()).thenApply(lookup -> Map.of(MessageLookup.KEY, lookup));
        }
        if (command instanceof CreateGroup create) {
            return standing(create.createdBy(), create.memberIds());
        }
        if (command instanceof AddMembers add) {
            return standing(add.addedBy(), add.userIds());
        }
        return forwarded((ForwardMessage) command).thenApply(lookup -> Map.of(ForwardLookup.KEY, lookup));
    }

    private CompletableFuture<Map<String, Object>> standing(UserId adder, Collection<UserId> added) {
        DirectChats.Standing standing = added == null || added.isEmpty() ? DirectChats.Standing.NONE
                : directChats.standingWith(adder, added);
        return CompletableFuture.completedFuture(Map.of(
                BlockLookup.KEY, new BlockLookup(adder, standing.blockers()),
                StrangerLookup.KEY, new StrangerLookup(adder, standing.strangers())));
    }

    private CompletableFuture<MessageLookup> message(ConversationId conversationId, long seq) {
        return messages.find(conversationId, seq, null).thenApply(stored -> MessageLookup.of(seq, stored));
    }

    /** The message first (which media it carries is known only then), as its sender may see it; then its media. */
    private CompletableFuture<ForwardLookup> forwarded(ForwardMessage forward) {
        ConversationId from = forward.fromConversationId();
        long seq = forward.fromSeq();
        UserId sender = forward.senderId();
        return messages.find(from, seq, sender).thenCompose(stored -> {
            MessageView message = stored.orElse(null);
            if (message == null || message.media() == null || message.deleted()) {
                return CompletableFuture.completedFuture(new ForwardLookup(from, seq, message, null));
            }
            return media.lookUpForwarded(message.media().mediaId(), from, sender)
                    .thenApply(mediaLookup -> new ForwardLookup(from, seq, message, mediaLookup));
        });
    }

    private static <T> CompletableFuture<T> none() {
        return CompletableFuture.completedFuture(null);
    }

    private static void put(Map<String, Object> facts, String key, Object lookup) {
        if (lookup != null) {
            facts.put(key, lookup);
        }
    }

    private static Map<String, Object> join(CompletableFuture<Map<String, Object>> facts) {
        try {
            return facts.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }
}
