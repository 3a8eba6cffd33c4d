package io.parley.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes {@code parley.data-dir} absolute before anything reads it (H2 refuses relative file paths, and every store
 * under the data directory must agree on where it is whatever the working directory), and makes it private to its
 * owner before any store opens a file in it: it holds every message and password hash.
 */
class DataDirectory implements EnvironmentPostProcessor {

    static final String PROPERTY = "parley.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY, "./data");
        Path absolute = Path.of(configured).toAbsolutePath().normalize();
        OwnerOnlyFiles.secure(absolute);
        environment.getPropertySources().addFirst(
                new MapPropertySource("parleyDataDirectory", Map.of(PROPERTY, absolute.toString())));
    }
}
