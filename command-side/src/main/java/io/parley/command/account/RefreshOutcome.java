package io.parley.command.account;

enum RefreshOutcome {
    ROTATED,
    /** Unknown, expired, revoked, or from another device. */
    REJECTED,
    /** An already rotated token came back: the device's session has been revoked. */
    REUSE_DETECTED
}
