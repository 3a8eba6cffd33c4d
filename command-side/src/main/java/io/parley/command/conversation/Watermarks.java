package io.parley.command.conversation;

/** How far a member has received and read; read never runs ahead of delivered. */
record Watermarks(long delivered, long read) {

    static final Watermarks NONE = new Watermarks(0, 0);

    Watermarks deliveredUpTo(long seq) {
        return new Watermarks(Math.max(delivered, seq), read);
    }

    Watermarks readUpTo(long seq) {
        return new Watermarks(Math.max(delivered, seq), Math.max(read, seq));
    }
}
