package io.parley.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.DirectConversationStarted;
import io.parley.api.conversation.MessageId;
import io.parley.api.conversation.MessageSent;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Events are stored without their null fields, and read back the same whether stored with or without them. */
class EventSerializerTest {

    private final Serializer serializer = EventSerializerAutoConfiguration.withoutNulls(
            new ObjectMapper().registerModule(new JavaTimeModule()), new AnnotationRevisionResolver());
    private final ConversationId conversation = ConversationId.of("c1");
    private final MessageSent sent = new MessageSent(conversation, MessageId.at(conversation, 7), 7, UserId.of("alice"),
            "client-7", "hello", null, Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void nullFieldsAreLeftOutOfTheStoredPayload() {
        String json = serializer.serialize(sent, String.class).getData();

        assertThat(json).doesNotContain("null").doesNotContain("\"media\"").doesNotContain("\"replyTo\"")
                .doesNotContain("\"mentions\"").contains("\"text\":\"hello\"").contains("\"forwarded\":false");
        assertThat((Object) serializer.deserialize(serializer.serialize(sent, String.class))).isEqualTo(sent);
    }

    @Test
    void aPayloadStoredWithExplicitNullsReadsTheSame() {
        SerializedObject<String> stored = serializer.serialize(sent, String.class);
        String withNulls = stored.getData().replace("\"text\":\"hello\"",
                "\"text\":\"hello\",\"media\":null,\"replyTo\":null,\"mentions\":null");
        assertThat(withNulls).contains("\"media\":null");

        Object read = serializer.deserialize(new SimpleSerializedObject<>(withNulls, String.class, stored.getType()));
        assertThat(read).isEqualTo(sent);
    }

    @Test
    void nonNullFieldsAreKept() {
        MessageSent mentioning = new MessageSent(conversation, MessageId.at(conversation, 8), 8, UserId.of("alice"),
                "client-8", "@bob hi", null, Instant.parse("2026-03-01T10:00:01Z"), null, List.of(UserId.of("bob")));

        String json = serializer.serialize(mentioning, String.class).getData();
        assertThat(json).contains("\"mentions\":[\"bob\"]").doesNotContain("\"media\"");
        assertThat((Object) serializer.deserialize(serializer.serialize(mentioning, String.class))).isEqualTo(mentioning);
    }

    /**
     * Revision 1 of a direct chat's start has no {@code request}: it reads as none (its request, if any, is the next
     * event).
     */
    @Test
    void aDirectChatStartedInRevision1ReadsAsNoRequest() {
        DirectConversationStarted started = new DirectConversationStarted(conversation, UserId.of("alice"),
                List.of(UserId.of("alice"), UserId.of("bob")), Instant.parse("2026-03-01T10:00:00Z"), true);
        SerializedObject<String> stored = serializer.serialize(started, String.class);
        assertThat(stored.getType().getRevision()).isEqualTo("2");
        String revision1 = stored.getData().replace(",\"request\":true", "");
        assertThat(revision1).doesNotContain("request");

        Object read = serializer.deserialize(new SimpleSerializedObject<>(revision1, String.class,
                new SimpleSerializedType(DirectConversationStarted.class.getName(), "1")));
        assertThat(read).isEqualTo(new DirectConversationStarted(conversation, UserId.of("alice"),
                List.of(UserId.of("alice"), UserId.of("bob")), Instant.parse("2026-03-01T10:00:00Z"), false));
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(started);
    }
}
