package io.parley.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Map;

/**
 * This module as a service of its own, for the distributed topology (Axon Server, MongoDB, MinIO: see
 * {@code docker-compose.yml}). The standalone app composes the module instead and leaves this class out.
 */
@SpringBootApplication
public class GatewayApplication {

    /**
     * This service's configuration file, {@code config/parley-realtime-gateway.yml} in its jar. Module jars carry no
     * {@code application.yml}: standalone puts every module on one classpath, and its own must stay the only one.
     */
    public static final String CONFIG_NAME = "parley-realtime-gateway";

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        application().run(args);
    }

    /** The service as {@link #main} starts it: with its own configuration file, which environment variables override. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.addInitializers(new MongoOnlyForPush());
        return application;
    }
}
