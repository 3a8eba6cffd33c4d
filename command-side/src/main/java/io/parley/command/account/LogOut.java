package io.parley.command.account;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

record LogOut(@TargetAggregateIdentifier UserId userId, String deviceId) {
}
