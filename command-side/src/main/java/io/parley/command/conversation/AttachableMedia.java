package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.media.FindAttachableMedia;
import io.parley.api.media.FindForwardableMedia;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.platform.problem.Outages;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a sender may attach, as the media module says: their own media once it is verified
 * ({@link FindAttachableMedia}); forwarded, verified media shared in a conversation they are in
 * ({@link FindForwardableMedia}). Asked by {@link LookupBeforeLoading}, before the conversation is loaded. With the
 * media service down or slow the answer is {@link MediaLookup#unavailable}: a new send is then turned down as
 * {@code service-unavailable}, to be retried with the same clientMessageId.
 */
interface AttachableMedia {

    CompletableFuture<MediaLookup> lookUp(MediaId mediaId, UserId sender);

    CompletableFuture<MediaLookup> lookUpForwarded(MediaId mediaId, ConversationId from, UserId sender);

    @Component
    class ThroughQueries implements AttachableMedia {

        private final QueryGateway queries;
        private final Duration timeout;

        ThroughQueries(QueryGateway queries, @Value("${parley.conversations.media-lookup-timeout:5s}") Duration timeout) {
            this.queries = queries;
            this.timeout = timeout;
        }

        @Override
        public CompletableFuture<MediaLookup> lookUp(MediaId mediaId, UserId sender) {
            return ask(mediaId, new FindAttachableMedia(mediaId, sender));
        }

        @Override
        public CompletableFuture<MediaLookup> lookUpForwarded(MediaId mediaId, ConversationId from, UserId sender) {
            return ask(mediaId, new FindForwardableMedia(mediaId, from, sender));
        }

        private CompletableFuture<MediaLookup> ask(MediaId mediaId, Object query) {
            CompletableFuture<Optional<MediaAttachment>> asked;
            try {
                asked = queries.query(query, ResponseTypes.optionalInstanceOf(MediaAttachment.class));
            } catch (RuntimeException failure) {
                asked = CompletableFuture.failedFuture(failure);
            }
            return asked.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((found, failure) -> {
                        if (failure == null) {
                            return found.map(MediaLookup::attachable).orElseGet(() -> MediaLookup.notAttachable(mediaId));
                        }
                        Throwable cause = unwrap(failure);
                        if (cause instanceof TimeoutException) {
                            return MediaLookup.unavailable(mediaId, "Media could not be looked up in time");
                        }
                        if (Outages.isOutage(cause)) {
                            return MediaLookup.unavailable(mediaId, "Media cannot be looked up right now");
                        }
                        throw new IllegalStateException("Could not look up media " + mediaId, cause);
                    });
        }

        private static Throwable unwrap(Throwable failure) {
            Throwable cause = failure;
            while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        }
    }
}
