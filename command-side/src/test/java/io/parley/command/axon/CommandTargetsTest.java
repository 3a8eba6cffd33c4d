package io.parley.command.axon;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.RenameGroup;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTargetsTest {

    private final CommandTargets targets = new CommandTargets();
    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    @Test
    void aRecordCommandTargetsTheAggregateItsAnnotatedComponentNames() {
        CommandMessage<?> rename = command(new RenameGroup(ConversationId.of("c-1"), new UserId("ana"), "Plans"));

        VersionedAggregateIdentifier target = targets.resolveTarget(rename);

        assertThat(target.getIdentifierValue()).isEqualTo(ConversationId.of("c-1"));
        assertThat(target.getVersion()).isNull();
        assertThat(target).isEqualTo(axons.resolveTarget(rename));
    }

    @Test
    void eachCommandIsReadForItself() {
        targets.resolveTarget(command(new RenameGroup(ConversationId.of("c-1"), new UserId("ana"), "Plans")));

        VersionedAggregateIdentifier second = targets.resolveTarget(
                command(new RenameGroup(ConversationId.of("c-2"), new UserId("ana"), "Trips")));

        assertThat(second.getIdentifierValue()).isEqualTo(ConversationId.of("c-2"));
    }

    @Test
    void aVersionIsReadFromItsAnnotatedMethodAsAxonReadsIt() {
        CommandMessage<?> versioned = command(new Versioned("a-1", 7));

        assertThat(targets.resolveTarget(versioned)).isEqualTo(axons.resolveTarget(versioned))
                .isEqualTo(new VersionedAggregateIdentifier("a-1", 7L));
    }

    @Test
    void aCommandWithoutItsIdentifierIsRefusedAsAxonRefusesIt() {
        CommandMessage<?> missing = command(new Versioned(null, 1));

        assertThatThrownBy(() -> targets.resolveTarget(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not identify the target aggregate");
    }

    @Test
    void aCommandWithNoAnnotatedMemberIsRefusedAsAxonRefusesIt() {
        assertThatThrownBy(() -> targets.resolveTarget(command("not a command")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not identify the target aggregate");
    }

    private static CommandMessage<?> command(Object payload) {
        return GenericCommandMessage.asCommandMessage(payload);
    }

    record Versioned(String id, long version) {

        @TargetAggregateIdentifier
        public String id() {
            return id;
        }

        @TargetAggregateVersion
        public long version() {
            return version;
        }
    }
}
