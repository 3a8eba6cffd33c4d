package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The media module's answer, as a plain table: each owner's attachable (uploaded or ready) media, and the media
 * that may be forwarded from a conversation by its members.
 */
final class KnownMedia implements AttachableMedia {

    private final Map<MediaId, Map.Entry<UserId, MediaAttachment>> attachable = new HashMap<>();
    private final Map<List<Object>, MediaAttachment> forwardable = new HashMap<>();
    int lookups;

    void add(UserId owner, MediaAttachment attachment) {
        attachable.put(attachment.mediaId(), Map.entry(owner, attachment));
    }

    void forwardable(ConversationId from, UserId member, MediaAttachment attachment) {
        forwardable.put(List.of(attachment.mediaId(), from, member), attachment);
    }

    @Override
    public CompletableFuture<MediaLookup> lookUp(MediaId mediaId, UserId sender) {
        lookups++;
        return CompletableFuture.completedFuture(Optional.ofNullable(attachable.get(mediaId))
                .filter(entry -> entry.getKey().equals(sender))
                .map(entry -> MediaLookup.attachable(entry.getValue()))
                .orElseGet(() -> MediaLookup.notAttachable(mediaId)));
    }

    @Override
    public CompletableFuture<MediaLookup> lookUpForwarded(MediaId mediaId, ConversationId from, UserId sender) {
        lookups++;
        return CompletableFuture.completedFuture(Optional.ofNullable(forwardable.get(List.of(mediaId, from, sender)))
                .map(MediaLookup::attachable)
                .orElseGet(() -> MediaLookup.notAttachable(mediaId)));
    }
}
