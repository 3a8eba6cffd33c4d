package io.parley.api.query;

import java.util.List;

/** A message at {@code seq} is delivered to / read by every member whose watermark is at least {@code seq}. */
public record Receipts(String conversationId, long lastSeq, List<Receipt> members) {

    public record Receipt(String userId, long deliveredUpTo, long readUpTo) {
    }
}
