package io.parley.gateway.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.gateway.frame.ServerFrame;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/** Serializes a frame once, however many sockets it goes to. */
@Component
public class FrameWriter {

    private final ObjectMapper json;

    public FrameWriter(ObjectMapper json) {
        this.json = json;
    }

    public TextMessage write(ServerFrame frame) {
        try {
            return new TextMessage(json.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + frame.type() + " frame", e);
        }
    }
}
