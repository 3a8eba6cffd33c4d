package io.parley.query.conversation;

import io.parley.api.account.UserId;
import io.parley.query.projection.ReadModels;
import org.springframework.data.annotation.Id;

/** That one user blocks another, in {@link ReadModels#BLOCKS}: one document per pair, {@code blocker:blocked}. */
record BlockDocument(@Id String id, String blocker, String blocked) {

    static BlockDocument of(UserId blocker, UserId blocked) {
        return new BlockDocument(id(blocker, blocked), blocker.value(), blocked.value());
    }

    static String id(UserId blocker, UserId blocked) {
        return blocker.value() + ":" + blocked.value();
    }
}
