package io.parley.gateway.socket;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The size of the buffers Tomcat's WebSocket layer gives every socket for its whole life: one to read frames into,
 * one to write them from, one to encode text into ({@code parley.gateway.socket-buffer-bytes}, default 2,048; Tomcat's
 * own is 8,192). Ten thousand idle sockets held 240 MiB in these three alone. Frames larger than them still pass: a
 * longer frame is read in parts ({@link FrameParts}) and a longer outgoing message is written in parts (RFC 6455
 * fragments, which clients join). Tomcat reads the size once, from a JVM-wide system property, when its WebSocket
 * classes load; that happens when the web server starts, after this runs. A size the JVM was started with wins.
 */
class SocketBufferSizes implements EnvironmentPostProcessor {

    static final String TOMCAT_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int bytes = environment.getProperty("parley.gateway.socket-buffer-bytes", Integer.class, 2048);
        if (bytes < 512 || bytes > 65536) {
            throw new IllegalArgumentException("parley.gateway.socket-buffer-bytes must be between 512 and 65536");
        }
        if (System.getProperty(TOMCAT_PROPERTY) == null) {
            System.setProperty(TOMCAT_PROPERTY, Integer.toString(bytes));
        }
    }
}
