package io.parley.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The serializer of event payloads ({@code axon.serializer.events: jackson}): Jackson with the application's
 * ObjectMapper, as Axon's own, but leaving out null fields. An optional field that is null (a message's media, the
 * message it replies to, its mentions) was about a tenth of a stored MessageSent; read back, a missing field is null
 * again, so events stored with explicit nulls and events stored without them both deserialize. Only events: the
 * general serializer (snapshots, tokens) and the messages' one are Axon's, unchanged.
 */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        afterName = "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration")
@ConditionalOnClass({JacksonSerializer.class, ObjectMapper.class})
@ConditionalOnProperty(name = "axon.serializer.events", havingValue = "jackson")
public class EventSerializerAutoConfiguration {

    @Bean
    @Qualifier("eventSerializer")
    @ConditionalOnBean(ObjectMapper.class)
    Serializer eventSerializer(ObjectMapper objectMapper, RevisionResolver revisionResolver) {
        return withoutNulls(objectMapper, revisionResolver);
    }

    /** A Jackson serializer on a copy of {@code objectMapper} (Axon registers its own modules on the one it gets). */
    public static Serializer withoutNulls(ObjectMapper objectMapper, RevisionResolver revisionResolver) {
        return JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(EventSerializerAutoConfiguration.class.getClassLoader()))
                .objectMapper(objectMapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }
}
