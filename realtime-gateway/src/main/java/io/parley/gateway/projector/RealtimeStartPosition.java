package io.parley.gateway.projector;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Collections;

/**
 * Where the realtime processor starts: after {@code coveredPosition}, the position up to which the membership view
 * was loaded (-1: it was not, and the whole stream rebuilds it), less a margin
 * ({@code parley.gateway.realtime-start-margin} events), as a replay up to the head:
 * the events up to the head only update the view, those after it are pushed. Applying a membership event again to a
 * view that already holds it leaves the view as it was (members are a set, the last seq a maximum), so starting
 * early is harmless; the margin takes in an event that a JDBC event store gave a lower position but committed after
 * the read model had passed it.
 */
@Component
class RealtimeStartPosition {

    private final long margin;
    private volatile long coveredPosition = -1;

    RealtimeStartPosition(@Value("${parley.gateway.realtime-start-margin:1000}") long margin) {
        if (margin < 0) {
            throw new IllegalArgumentException("parley.gateway.realtime-start-margin must be at least 0");
        }
        this.margin = margin;
    }

    void coveredUpTo(long position) {
        this.coveredPosition = position;
    }

    TrackingToken token(StreamableMessageSource<TrackedEventMessage<?>> source) {
        TrackingToken head = source.createHeadToken();
        return ReplayToken.createReplayToken(head, after(coveredPosition - margin, head, source));
    }

    /** A token after {@code position} of the kind the event store gives; the tail when there is none to make. */
    private static TrackingToken after(long position, TrackingToken head,
                                       StreamableMessageSource<TrackedEventMessage<?>> source) {
        if (position >= 0 && head instanceof GapAwareTrackingToken) {
            return GapAwareTrackingToken.newInstance(position, Collections.emptySortedSet());
        }
        if (position >= 0 && head instanceof GlobalSequenceTrackingToken) {
            return new GlobalSequenceTrackingToken(position);
        }
        return source.createTailToken();
    }
}
