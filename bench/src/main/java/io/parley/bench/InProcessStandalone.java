package io.parley.bench;

import io.parley.standalone.StandaloneApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

/**
 * Parley standalone in the benchmark's own JVM, on {@code dataDir} and a free port, its limits far above what the
 * benchmark does ({@link ServerLimits}), and quiet but for warnings.
 */
final class InProcessStandalone {

    private InProcessStandalone() {
    }

    static ConfigurableApplicationContext start(Path dataDir) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        return new SpringApplicationBuilder(StandaloneApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // command-line arguments outrank application.yml (builder "properties" would not)
                .run(ServerLimits.with("--parley.data-dir=" + dataDir.toAbsolutePath(),
                        "--server.port=0",
                        "--logging.level.root=WARN",
                        // known noise at start-up, not about what is measured: Spring 6.2 deprecation notes on Axon's
                        // annotations, and Hibernate's HHH000207 about the orm.xml globalIndex mapping
                        "--logging.level.org.springframework.core.annotation.AnnotationTypeMapping=ERROR",
                        "--logging.level.org.hibernate.boot.model.internal.JPAXMLOverriddenAnnotationReader=ERROR"));
    }
}
