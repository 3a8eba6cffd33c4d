package io.parley.query.projection;

import org.springframework.data.annotation.Id;

/**
 * How far the conversations processor has written its read model in the event stream ({@link ReadModels#STREAM_POSITION},
 * one document, {@link #ID}): the global position of the last event of its last batch written out.
 */
public record StreamPosition(@Id String id, long position) {

    public static final String ID = "conversations";
    /** The field of {@link #position}, which only ever moves up ({@code $max}). */
    public static final String POSITION = "position";
}
