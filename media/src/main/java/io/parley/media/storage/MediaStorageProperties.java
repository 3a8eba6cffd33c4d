package io.parley.media.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the S3-compatible object storage is. {@code endpoint} is how Parley reaches it; {@code publicEndpoint} is the
 * address put into presigned URLs, for clients that see the storage under another name (defaults to the endpoint).
 */
@ConfigurationProperties("parley.media.storage")
public record MediaStorageProperties(String endpoint, String publicEndpoint, String accessKey, String secretKey,
                                     @DefaultValue("parley-media") String bucket,
                                     @DefaultValue("us-east-1") String region) {

    public String publicEndpointOrDefault() {
        return publicEndpoint == null || publicEndpoint.isBlank() ? endpoint : publicEndpoint;
    }
}
