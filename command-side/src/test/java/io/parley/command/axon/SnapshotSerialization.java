package io.parley.command.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.util.stream.Stream;

/** An aggregate through the snapshot serializer and back, with the object mappers a snapshot may meet. */
public final class SnapshotSerialization {

    /** For {@code @MethodSource}: the arguments are a name and a mapper. */
    public static final String OBJECT_MAPPERS = "io.parley.command.axon.SnapshotSerialization#objectMappers";

    public static Stream<Arguments> objectMappers() {
        return Stream.of(
                Arguments.of("new ObjectMapper().findAndRegisterModules()", new ObjectMapper().findAndRegisterModules()),
                Arguments.of("Spring Boot style Jackson2ObjectMapperBuilder", Jackson2ObjectMapperBuilder.json().build()));
    }

    public static <T> T roundTrip(T aggregate, ObjectMapper objectMapper) {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(objectMapper).build();
        SerializedObject<byte[]> serialized = serializer.serialize(aggregate, byte[].class);
        return serializer.deserialize(serialized);
    }

    private SnapshotSerialization() {
    }
}
