package io.parley.command.account;

import io.parley.api.account.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the account for its active devices; answers {@link ActiveDevices} and changes nothing. */
record ListDevices(@TargetAggregateIdentifier UserId userId) {
}
