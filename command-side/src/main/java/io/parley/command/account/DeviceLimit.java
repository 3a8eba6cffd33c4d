package io.parley.command.account;

/** How many devices an account may have logged in at once ({@code parley.jwt.max-devices}). */
record DeviceLimit(int maxActiveDevices) {

    DeviceLimit {
        if (maxActiveDevices < 1) {
            throw new IllegalArgumentException("parley.jwt.max-devices must be at least 1");
        }
    }
}
