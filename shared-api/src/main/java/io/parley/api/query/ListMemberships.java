package io.parley.api.query;

/**
 * Every conversation that has members, by id: {@code limit} of them after conversation id {@code after} (null: from
 * the first). For a gateway node loading its membership view at start instead of replaying the event stream.
 * Answers a {@link MembershipsPage}.
 */
public record ListMemberships(String after, int limit) {

    public static final int MAX_LIMIT = 5000;
}
