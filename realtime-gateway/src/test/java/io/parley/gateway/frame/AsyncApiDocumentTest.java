package io.parley.gateway.frame;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/asyncapi.yaml (served by the gateway as /asyncapi.yaml) against the code: the frames a device may send are
 * {@link ClientFrameType}'s, with its fields; the frames the server sends are {@link ServerFrame}'s records, with
 * their components (and those of nested records, such as a message's media); the close codes are those the gateway
 * closes sockets with.
 */
class AsyncApiDocumentTest {

    private final Map<String, Object> document = load();

    @Test
    void isAnAsyncApi3DocumentOfTheSocket() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        assertThat(map(map(document.get("channels")).get("socket")).get("address")).isEqualTo("/ws");
    }

    @Test
    void describesEveryClientFrameTypeWithItsFields() {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (ClientFrameType type : ClientFrameType.values()) {
            expected.put(type.wireName(), new TreeSet<>(type.fields()));
        }
        assertThat(framesOf("receive")).isEqualTo(expected);
    }

    @Test
    void describesEveryServerFrameTypeWithTheComponentsOfItsRecord() throws ReflectiveOperationException {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (Class<?> frameClass : ServerFrame.class.getPermittedSubclasses()) {
            expected.put(typeOf(frameClass), componentNames(frameClass));
        }
        assertThat(framesOf("send")).isEqualTo(expected);
    }

    @Test
    void describesNestedRecordsWithTheirComponents() {
        for (Class<?> frameClass : ServerFrame.class.getPermittedSubclasses()) {
            Map<String, Object> properties = properties(payloadOf(frameClass));
            for (RecordComponent component : frameClass.getRecordComponents()) {
                if (component.getType().isRecord()) {
                    Map<String, Object> schema = map(resolve(properties.get(component.getName())));
                    assertThat(properties(schema).keySet())
                            .as("%s.%s", frameClass.getSimpleName(), component.getName())
                            .containsExactlyInAnyOrderElementsOf(componentNames(component.getType()));
                }
            }
        }
    }

    @Test
    void listsTheCloseCodesTheGatewayUses() throws IOException, ClassNotFoundException, IllegalAccessException {
        Set<Integer> used = new TreeSet<>(closeCodesDeclaredIn("io.parley.gateway"));
        // 1009: the container's own, for a frame over the size limit the socket configuration sets
        used.add(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
        List<Object> documented = list(map(map(document.get("channels")).get("socket")).get("x-close-codes"));
        Set<Integer> listed = documented.stream().map(code -> (Integer) map(code).get("code"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(used);
    }

    /** Frame type → its fields besides {@code type}, for the messages of the operation with {@code action}. */
    private Map<String, Set<String>> framesOf(String action) {
        Map<String, Set<String>> frames = new TreeMap<>();
        for (Object operation : map(document.get("operations")).values()) {
            if (!action.equals(map(operation).get("action"))) {
                continue;
            }
            for (Object reference : list(map(operation).get("messages"))) {
                Map<String, Object> properties = properties(map(resolve(map(resolve(reference)).get("payload"))));
                String type = (String) map(properties.get("type")).get("const");
                Set<String> fields = new TreeSet<>(properties.keySet());
                fields.remove("type");
                assertThat(frames.put(type, fields)).as("frame type %s described twice", type).isNull();
            }
        }
        return frames;
    }

    private Map<String, Object> payloadOf(Class<?> frameClass) {
        String type;
        try {
            type = typeOf(frameClass);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        for (Object operation : map(document.get("operations")).values()) {
            if ("send".equals(map(operation).get("action"))) {
                for (Object reference : list(map(operation).get("messages"))) {
                    Map<String, Object> payload = map(resolve(map(resolve(reference)).get("payload")));
                    if (type.equals(map(properties(payload).get("type")).get("const"))) {
                        return payload;
                    }
                }
            }
        }
        throw new AssertionError("no server frame '" + type + "' in the document");
    }

    /** The {@code type} a frame record answers; the records have no checks, so any arguments do. */
    private static String typeOf(Class<?> frameClass) throws ReflectiveOperationException {
        Class<?>[] parameterTypes = Arrays.stream(frameClass.getRecordComponents())
                .map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<?> canonical = frameClass.getDeclaredConstructor(parameterTypes);
        Object[] arguments = Arrays.stream(parameterTypes).map(AsyncApiDocumentTest::defaultOf).toArray();
        return ((ServerFrame) canonical.newInstance(arguments)).type();
    }

    private static Object defaultOf(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        return type == float.class ? (Object) 0f : (Object) 0;
    }

    private static Set<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every {@code static final CloseStatus} of the gateway's classes, wherever they live. */
    private static Set<Integer> closeCodesDeclaredIn(String basePackage)
            throws IOException, ClassNotFoundException, IllegalAccessException {
        Set<Integer> codes = new HashSet<>();
        String pattern = "classpath*:" + ClassUtils.convertClassNameToResourcePath(basePackage) + "/**/*.class";
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources(pattern)) {
            String path = resource.getURL().getPath();
            String className = path.substring(path.lastIndexOf(basePackage.replace('.', '/')), path.length() - 6)
                    .replace('/', '.');
            for (Field field : Class.forName(className, false, AsyncApiDocumentTest.class.getClassLoader()).getDeclaredFields()) {
                if (field.getType() == CloseStatus.class && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    codes.add(((CloseStatus) field.get(null)).getCode());
                }
            }
        }
        return codes;
    }

    private Map<String, Object> properties(Map<String, Object> schema) {
        Map<String, Object> properties = new LinkedHashMap<>();
        map(schema.get("properties")).forEach(properties::put);
        return properties;
    }

    /** The object {@code node} refers to when it is a {@code $ref} (followed as often as it takes), else itself. */
    private Object resolve(Object node) {
        while (node instanceof Map<?, ?> object && object.containsKey("$ref")) {
            String pointer = (String) object.get("$ref");
            assertThat(pointer).startsWith("#/");
            Object target = document;
            for (String segment : pointer.substring(2).split("/")) {
                target = map(target).get(segment.replace("~1", "/").replace("~0", "~"));
                assertThat(target).as("target of %s", pointer).isNotNull();
            }
            node = target;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    private static Map<String, Object> load() {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/static/asyncapi.yaml")) {
            assertThat(in).as("static/asyncapi.yaml (docs/asyncapi.yaml) on the classpath").isNotNull();
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
