package io.parley.command.conversation;

import io.parley.api.account.UserId;

import java.util.List;

/**
 * Which of the users a {@code CreateGroup} or {@code AddMembers} would add never talked with the one adding them
 * ({@link DirectChats}), looked up before the group is loaded ({@link LookupBeforeLoading}): while message requests
 * are on ({@link MessageRequestSetting}), they get a group invitation instead of membership.
 */
record StrangerLookup(UserId adder, List<UserId> strangers) {

    /** The metadata key of the lookup on a {@code CreateGroup} or {@code AddMembers} command. */
    static final String KEY = "parley.strangerLookup";
}
