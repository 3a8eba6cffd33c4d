package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.media.FindAttachableMedia;
import io.parley.api.media.MediaAttachment;
import io.parley.api.media.MediaId;
import io.parley.api.problem.Outages;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a sender may attach: their own media once it is verified, as the media module says through
 * {@link FindAttachableMedia}. Asked by {@link MediaLookupBeforeLoading}, before the conversation is loaded. With the
 * media service down or slow the answer is {@link MediaLookup#unavailable}: a new send is then turned down as
 * {@code service-unavailable}, to be retried with the same clientMessageId.
 */
interface AttachableMedia {

    MediaLookup lookUp(MediaId mediaId, UserId sender);

    @Component
    class ThroughQueries implements AttachableMedia {

        private final QueryGateway queries;
        private final Duration timeout;

        ThroughQueries(QueryGateway queries, @Value("${parley.conversations.media-lookup-timeout:5s}") Duration timeout) {
            this.queries = queries;
            this.timeout = timeout;
        }

        @Override
        public MediaLookup lookUp(MediaId mediaId, UserId sender) {
            try {
                Optional<MediaAttachment> found = queries.query(new FindAttachableMedia(mediaId, sender),
                                ResponseTypes.optionalInstanceOf(MediaAttachment.class))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return found.map(MediaLookup::attachable).orElseGet(() -> MediaLookup.notAttachable(mediaId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while looking up media " + mediaId, e);
            } catch (TimeoutException e) {
                return MediaLookup.unavailable(mediaId, "Media could not be looked up in time");
            } catch (ExecutionException e) {
                if (Outages.isOutage(e.getCause())) {
                    return MediaLookup.unavailable(mediaId, "Media cannot be looked up right now");
                }
                throw new IllegalStateException("Could not look up media " + mediaId, e);
            }
        }
    }
}
