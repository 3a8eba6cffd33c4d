package io.parley.command.account;

/** What {@link RefreshSession} answers: the outcome, and for a rotation the session id the new access token carries. */
record RefreshResult(RefreshOutcome outcome, String sessionId) {

    static final RefreshResult REJECTED = new RefreshResult(RefreshOutcome.REJECTED, null);
    static final RefreshResult REUSE_DETECTED = new RefreshResult(RefreshOutcome.REUSE_DETECTED, null);

    static RefreshResult rotated(String sessionId) {
        return new RefreshResult(RefreshOutcome.ROTATED, sessionId);
    }
}
