package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The console of a Parley process that logs JSON lines (PARLEY_LOG_FORMAT=ecs), as a test reads it. */
record JsonConsole(Path file) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Parley has written to its console so far. */
    String text() throws IOException {
        return Files.readString(file);
    }

    /** The log lines naming the request id. */
    List<JsonNode> linesOf(String requestId) throws IOException {
        return lines().stream().filter(line -> requestId.equals(line.path("requestId").asText())).toList();
    }

    /** Every line; each must be a JSON object. */
    List<JsonNode> lines() throws IOException {
        return text().lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException notJson) {
                throw new AssertionError("Not a JSON log line: " + line, notJson);
            }
        }).toList();
    }
}
