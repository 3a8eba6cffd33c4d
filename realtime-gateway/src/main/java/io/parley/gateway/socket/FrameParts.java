package io.parley.gateway.socket;

import org.springframework.web.socket.TextMessage;

/**
 * Joins a text frame that the container hands over in parts. The container keeps a read buffer per socket for as long
 * as the socket is open; a small one ({@link RealtimeSocketConfiguration#PART_CHARS}) keeps an idle socket cheap, and
 * the rare larger frame is joined here, up to the frame limit, in memory held only while it arrives.
 */
final class FrameParts {

    /** A frame over the limit: the socket closes with 1009, as the container would have closed it. */
    static final class TooBig extends Exception {
        TooBig(int limit) {
            super("a frame over " + limit + " characters", null, false, false);
        }
    }

    private final int maxChars;
    private StringBuilder pending;

    FrameParts(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The whole frame when {@code part} is its last part, else null (more to come). */
    TextMessage add(TextMessage part) throws TooBig {
        if (pending == null && part.isLast()) {
            if (part.getPayloadLength() > maxChars) {
                throw new TooBig(maxChars);
            }
            return part;
        }
        if (pending == null) {
            pending = new StringBuilder(part.getPayloadLength() * 2);
        }
        if (pending.length() + part.getPayloadLength() > maxChars) {
            pending = null;
            throw new TooBig(maxChars);
        }
        pending.append(part.getPayload());
        if (!part.isLast()) {
            return null;
        }
        TextMessage whole = new TextMessage(pending);
        pending = null;
        return whole;
    }
}
