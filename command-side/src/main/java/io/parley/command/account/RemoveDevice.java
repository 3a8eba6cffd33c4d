package io.parley.command.account;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Logs one of the account's devices out, from any device of the account; the device must have an active session. */
record RemoveDevice(@TargetAggregateIdentifier UserId userId, String deviceId) {
}
