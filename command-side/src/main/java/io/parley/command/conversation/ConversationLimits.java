package io.parley.command.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How large a group may grow and how long a message may be. */
@ConfigurationProperties("parley.conversations")
record ConversationLimits(@DefaultValue("256") int maxGroupSize, @DefaultValue("4096") int maxTextLength,
                          @DefaultValue("100") int maxTitleLength) {

    /** A message's text: 1 to {@code maxTextLength} characters, not blank; a message with media needs none. */
    boolean acceptsText(String text, boolean withMedia) {
        boolean none = text == null || text.isBlank();
        return none ? withMedia : text.length() <= maxTextLength;
    }

    /** A group's title: 1 to {@code maxTitleLength} characters once stripped. */
    boolean acceptsTitle(String title) {
        return title != null && !title.isBlank() && title.strip().length() <= maxTitleLength;
    }

    String titleRule() {
        return "A group title must have 1 to " + maxTitleLength + " characters";
    }

    String textRule() {
        return "Text must have 1 to " + maxTextLength + " characters";
    }
}
