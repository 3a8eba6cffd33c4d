package io.parley.command.conversation;

import io.parley.api.account.UserId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/** What a group was created with, as a short digest: the same creator, title and members give the same one. */
final class GroupCreationRequest {

    private GroupCreationRequest() {
    }

    static String fingerprint(UserId createdBy, String title, Collection<UserId> members) {
        StringBuilder request = new StringBuilder(createdBy.value()).append('\n').append(title);
        members.stream().map(UserId::value).sorted().distinct().forEach(member -> request.append('\n').append(member));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
    }
}
