package io.parley.media.storage;

import com.google.common.collect.ImmutableMultimap;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Part;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The media bucket through the MinIO client. Presigning is local computation (the region is configured, so the
 * client never asks the storage for it); URLs are signed for the public endpoint, everything else goes to the
 * internal one.
 */
@Component
public class ObjectStorage {

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NoSuchUpload", "NotFound");

    private final MinioAsyncClient client;
    private final MinioAsyncClient signer;
    private final String bucket;
    private final String region;

    ObjectStorage(MediaStorageProperties properties) {
        this.client = MinioAsyncClient.builder().endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey()).region(properties.region()).build();
        this.signer = MinioAsyncClient.builder().endpoint(properties.publicEndpointOrDefault())
                .credentials(properties.accessKey(), properties.secretKey()).region(properties.region()).build();
        this.bucket = properties.bucket();
        this.region = properties.region();
    }

    /** A PUT that storage accepts only with exactly this Content-Type and Content-Length (both signed). */
    public String presignPut(String key, Duration ttl, String contentType, long contentLength) {
        return presign(Method.PUT, key, ttl, Map.of(), Map.of("Content-Type", contentType,
                "Content-Length", Long.toString(contentLength)));
    }

    /** A part's PUT, accepted only with exactly this Content-Length (signed). */
    public String presignPart(String key, String uploadId, int partNumber, long contentLength, Duration ttl) {
        return presign(Method.PUT, key, ttl, Map.of("uploadId", uploadId, "partNumber", Integer.toString(partNumber)),
                Map.of("Content-Length", Long.toString(contentLength)));
    }

    /**
     * A GET whose answer carries {@code contentType} and {@code contentDisposition} whatever the object was stored
     * with (S3's {@code response-content-type} and {@code response-content-disposition}, covered by the signature).
     */
    public String presignGet(String key, Duration ttl, String contentType, String contentDisposition) {
        return presign(Method.GET, key, ttl, Map.of("response-content-type", contentType,
                "response-content-disposition", contentDisposition), Map.of());
    }

    /**
     * Copies an object inside the bucket (server side), replacing its metadata: the copy is a snapshot that whoever
     * may write the source cannot change. False when there is no such source.
     */
    public boolean copy(String sourceKey, String targetKey, String contentType, String contentDisposition) {
        try {
            client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(targetKey)
                    .source(CopySource.builder().bucket(bucket).object(sourceKey).build())
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", contentType, "Content-Disposition", contentDisposition))
                    .build()).get();
            return true;
        } catch (Exception e) {
            ErrorResponseException refused = refusal(e);
            if (refused != null && MISSING.contains(refused.errorResponse().code())) {
                return false;
            }
            throw unavailable("copy " + sourceKey + " to " + targetKey, e);
        }
    }

    public String startMultipart(String key, String contentType) {
        return call("start multipart upload of " + key, () -> client.createMultipartUploadAsync(bucket, region, key,
                ImmutableMultimap.of("Content-Type", contentType), null).get().result().uploadId());
    }

    /** Assembles the parts; empty when storage knows no such upload (already completed or aborted). */
    public Optional<String> completeMultipart(String key, String uploadId, List<Part> parts) {
        try {
            return Optional.of(client.completeMultipartUploadAsync(bucket, region, key, uploadId,
                    parts.toArray(Part[]::new), null, null).get().etag());
        } catch (Exception e) {
            ErrorResponseException refused = refusal(e);
            if (refused != null && MISSING.contains(refused.errorResponse().code())) {
                return Optional.empty();
            }
            if (refused != null) {
                throw new PartsRejectedException(refused.errorResponse().code() + ": " + refused.errorResponse().message());
            }
            throw unavailable("complete multipart upload of " + key, e);
        }
    }

    public void abortMultipart(String key, String uploadId) {
        ignoringMissing("abort multipart upload of " + key,
                () -> client.abortMultipartUploadAsync(bucket, region, key, uploadId, null, null).get());
    }

    public Optional<StoredObject> stat(String key) {
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).get();
            return Optional.of(new StoredObject(stat.size(), unquote(stat.etag()), stat.contentType()));
        } catch (Exception e) {
            ErrorResponseException refused = refusal(e);
            if (refused != null && MISSING.contains(refused.errorResponse().code())) {
                return Optional.empty();
            }
            throw unavailable("stat " + key, e);
        }
    }

    /** The first {@code length} bytes (fewer if the object is shorter). */
    public byte[] readStart(String key, int length) {
        return call("read " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                    .offset(0L).length((long) length).build()).get()) {
                return in.readNBytes(length);
            }
        });
    }

    public InputStream read(String key) {
        return call("read " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()).get());
    }

    /** {@code length} bytes from {@code offset} on (fewer if the object ends first). */
    public InputStream read(String key, long offset, long length) {
        return call("read " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                .offset(offset).length(length).build()).get());
    }

    public void put(String key, byte[] bytes, String contentType) {
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()).get());
    }

    public void put(String key, byte[] bytes, String contentType, String contentDisposition) {
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType)
                .headers(Map.of("Content-Disposition", contentDisposition)).build()).get());
    }

    public void remove(String key) {
        ignoringMissing("remove " + key,
                () -> client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()).get());
    }

    private String presign(Method method, String key, Duration ttl, Map<String, String> query,
                           Map<String, String> signedHeaders) {
        return call("presign " + key, () -> signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(method).bucket(bucket).object(key).expiry((int) ttl.toSeconds()).extraQueryParams(query)
                .extraHeaders(signedHeaders).build()));
    }

    private interface StorageCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, StorageCall<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw unavailable(what, e);
        }
    }

    private static void ignoringMissing(String what, StorageCall<?> call) {
        try {
            call.run();
        } catch (Exception e) {
            ErrorResponseException refused = refusal(e);
            if (refused == null || !MISSING.contains(refused.errorResponse().code())) {
                throw unavailable(what, e);
            }
        }
    }

    private static ErrorResponseException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException refused) {
                return refused;
            }
        }
        return null;
    }

    private static StorageUnavailableException unavailable(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
        return new StorageUnavailableException("Object storage could not " + what, cause);
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

}
