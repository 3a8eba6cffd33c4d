package io.parley.standalone.media;

import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded S3 API server (S3Proxy on the file system under {@code parley.media.embedded-s3.directory}), started
 * before any bean exists, so that the media module finds {@code parley.media.storage.*} pointing at it, even when its
 * port was chosen at random. Its credentials are generated once per data directory and kept there. S3Proxy itself
 * listens on loopback, on a port of its own; clients (presigned URLs) reach it through the {@link MediaEdge} on
 * {@code parley.media.embedded-s3.address}:{@code port}, which adds the headers that keep media from being web pages.
 */
final class EmbeddedObjectStorage implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

    private static final String PREFIX = "parley.media.embedded-s3.";

    private ConfigurableEnvironment environment;
    private S3Proxy server;
    private MediaEdge edge;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!environment.getProperty(PREFIX + "enabled", Boolean.class, true)) {
            return;
        }
        String address = environment.getProperty(PREFIX + "address", "127.0.0.1");
        int port = environment.getProperty(PREFIX + "port", Integer.class, 0);
        Path directory = Path.of(environment.getRequiredProperty(PREFIX + "directory")).toAbsolutePath();
        String bucket = environment.getProperty("parley.media.storage.bucket", "parley-media");
        Properties credentials = credentials(Path.of(environment.getRequiredProperty(PREFIX + "credentials-file")));
        String accessKey = credentials.getProperty("access-key");
        String secretKey = credentials.getProperty("secret-key");
        try {
            Files.createDirectories(directory);
            BlobStore store = new FilesystemNio2BlobStore(directory.toString());
            if (!store.containerExists(bucket)) {
                store.createContainer(bucket);
            }
            server = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    // browsers (the web client) PUT and GET straight to presigned URLs from Parley's own origin: the
                    // signature is the credential, so any origin may use one; multipart uploads must read each ETag
                    .corsRules(new CrossOriginResourceSharing(List.of("*"), List.of("GET", "PUT", "HEAD"),
                            List.of("*"), List.of("ETag"), "false"))
                    .build();
            server.start();
            while (!"STARTED".equals(server.getState())) {
                Thread.sleep(10);
            }
            edge = MediaEdge.start(address, port, URI.create("http://127.0.0.1:" + server.getPort()));
        } catch (Exception e) {
            throw new IllegalStateException("The embedded S3 server did not start", e);
        }
        String endpoint = "http://127.0.0.1:" + server.getPort();
        String edgeEndpoint = "http://" + address + ":" + edge.port();
        Map<String, Object> storage = new HashMap<>(Map.of(
                "parley.media.storage.endpoint", endpoint,
                "parley.media.storage.access-key", accessKey,
                "parley.media.storage.secret-key", secretKey,
                PREFIX + "endpoint", edgeEndpoint));
        String publicEndpoint = environment.getProperty("parley.media.storage.public-endpoint");
        if (publicEndpoint == null || publicEndpoint.isBlank()) {
            storage.put("parley.media.storage.public-endpoint", edgeEndpoint);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("parleyEmbeddedS3", storage));
        if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean("embeddedS3", this);
        }
    }

    @Override
    public void destroy() throws Exception {
        if (edge != null) {
            edge.close();
            edge = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private static synchronized Properties credentials(Path file) {
        Properties credentials = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    credentials.load(in);
                }
                return credentials;
            }
            SecureRandom random = new SecureRandom();
            credentials.setProperty("access-key", "parley-" + hex(random, 8));
            credentials.setProperty("secret-key", hex(random, 24));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "s3", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                credentials.store(out, "credentials of the embedded S3 server");
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return credentials;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
