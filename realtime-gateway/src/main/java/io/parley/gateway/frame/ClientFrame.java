package io.parley.gateway.frame;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;

import java.util.LinkedHashMap;
import java.util.Map;

/** A frame from a device: its {@code type}, its optional {@code id}, and typed access to its fields. */
public record ClientFrame(String type, String id, JsonNode body) {

    /** Without the body: a frame's text (and whatever else a client sends) never reaches a log. */
    @Override
    public String toString() {
        return "ClientFrame[type=" + type + ", id=" + id + "]";
    }

    public static ClientFrame of(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("type").isTextual()) {
            throw invalid("A frame is a JSON object with a string 'type'");
        }
        JsonNode id = body.get("id");
        return new ClientFrame(body.get("type").asText(), id == null || id.isNull() ? null : id.asText(), body);
    }

    public String text(String field) {
        assert declares(field) : undeclared(field);
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    public String optionalText(String field) {
        assert declares(field) : undeclared(field);
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + field + "' must be a string");
        }
        return value.asText();
    }

    public long number(String field) {
        assert declares(field) : undeclared(field);
        JsonNode value = body.get(field);
        if (!isWholeNumber(value)) {
            throw invalid("'" + field + "' must be a whole number");
        }
        return value.asLong();
    }

    /** A whole number, or null when the field is absent or null. */
    public Long optionalNumber(String field) {
        assert declares(field) : undeclared(field);
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : number(field);
    }

    /** {@code {conversationId: lastSeenSeq, …}}; absent means none. */
    public Map<String, Long> positions(String field) {
        assert declares(field) : undeclared(field);
        JsonNode value = body.get(field);
        Map<String, Long> positions = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return positions;
        }
        if (!value.isObject()) {
            throw invalid("'" + field + "' must map conversation ids to the last seq seen");
        }
        value.fields().forEachRemaining(entry -> {
            if (!isWholeNumber(entry.getValue()) || entry.getValue().asLong() < 0) {
                throw invalid("'" + field + "." + entry.getKey() + "' must be a seq (0 or more)");
            }
            positions.put(entry.getKey(), entry.getValue().asLong());
        });
        return positions;
    }

    /**
     * Whether {@link ClientFrameType} lists {@code field} for this frame's type. Checked by assertions (on in the
     * tests), so that a handler reading a new field fails every test that sends that frame until the type, and with
     * it the AsyncAPI document, names the field.
     */
    private boolean declares(String field) {
        return ClientFrameType.find(type).map(known -> known.fields().contains(field)).orElse(true);
    }

    private String undeclared(String field) {
        return "'" + field + "' is not a field of '" + type + "' frames in ClientFrameType (nor in docs/asyncapi.yaml)";
    }

    /** A JSON integer: as in REST bodies, {@code 1.5} or {@code "5"} is refused, not rounded or parsed. */
    private static boolean isWholeNumber(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong();
    }

    public static RejectedException invalid(String detail) {
        return Rejection.INVALID_FRAME.exception(detail);
    }
}
