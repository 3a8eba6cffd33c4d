package io.parley.command.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How large a group may grow and how long a message may be. */
@ConfigurationProperties("parley.conversations")
record ConversationLimits(@DefaultValue("256") int maxGroupSize, @DefaultValue("4096") int maxTextLength,
                          @DefaultValue("100") int maxTitleLength) {
}
