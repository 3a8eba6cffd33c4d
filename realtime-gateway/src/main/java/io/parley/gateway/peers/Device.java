package io.parley.gateway.peers;

import io.parley.api.account.UserId;

/** A user's device, as the gateway nodes record which of them holds a socket of it. */
record Device(UserId user, String id) {
}
