package io.parley.api.conversation;

public enum ConversationKind {
    DIRECT, GROUP
}
