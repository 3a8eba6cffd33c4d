package io.parley.command.conversation;

import io.parley.api.account.UserId;

import java.util.List;

/**
 * Which of the users a {@code CreateGroup} or {@code AddMembers} would add block the one adding them, read from their
 * direct conversations ({@link DirectChats}) before the group is loaded ({@link LookupBeforeLoading}).
 */
record BlockLookup(UserId adder, List<UserId> blockers) {

    /** The metadata key of the lookup on a {@code CreateGroup} or {@code AddMembers} command. */
    static final String KEY = "parley.blockLookup";
}
