package io.parley.command.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** How long after sending a sender may still edit a message ({@code parley.conversations.edit-window}). */
@ConfigurationProperties("parley.conversations")
record MessageActionLimits(@DefaultValue("15m") Duration editWindow) {
}
