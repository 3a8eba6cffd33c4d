package io.parley.command.conversation;

/** Limits of what group admins set. */
final class GroupSettings {

    static final int MAX_DESCRIPTION_LENGTH = 512;

    private GroupSettings() {
    }
}
