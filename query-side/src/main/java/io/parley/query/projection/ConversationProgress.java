package io.parley.query.projection;

import org.springframework.data.annotation.Id;

/**
 * How far the conversations processor has written a conversation out, in {@link ReadModels#CONVERSATION_PROGRESS}: the
 * sequence number of its last event taken, what a consistency token is checked against.
 */
public record ConversationProgress(@Id String conversationId, long eventSequence) {

    /** The field of {@link #eventSequence}, which only ever moves up ({@code $max}). */
    public static final String EVENT_SEQUENCE = "eventSequence";
}
