package io.parley.command.conversation;

import io.parley.api.account.UserId;
import io.parley.api.account.Username;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The members a text mentions as {@code @username}. A user id follows from the username alone
 * ({@link UserId#forUsername}), so resolving needs no look-up: a name that is no member's is just text.
 */
final class Mentions {

    private static final Pattern MENTION = Pattern.compile("(?<![\\w.@])@([A-Za-z0-9_.]{3,32})(?![A-Za-z0-9_])");

    private Mentions() {
    }

    /** In order of first mention, the sender left out; null when the text mentions no member. */
    static List<UserId> in(String text, Collection<String> memberIds, UserId sender) {
        if (text == null || text.indexOf('@') < 0) {
            return null;
        }
        Set<UserId> mentioned = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1); // "@ana." ends a sentence
            }
            if (name.length() < 3) {
                continue;
            }
            UserId user = UserId.forUsername(Username.of(name));
            if (memberIds.contains(user.value()) && !user.equals(sender)) {
                mentioned.add(user);
            }
        }
        return mentioned.isEmpty() ? null : new ArrayList<>(mentioned);
    }
}
