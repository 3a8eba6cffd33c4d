package io.parley.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to presigned storage URLs, as a browser or phone would: no credentials, only the URL. */
final class MediaStorageClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Result(int status, String etag, byte[] body, HttpHeaders headers) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Result put(String url, byte[] bytes, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    Result get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private Result send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        try {
            HttpResponse<byte[]> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException closedWithoutAnswer) {
                // The embedded S3 server closes a kept-alive connection after refusing a request whose body it had not
                // read, without saying so (no "Connection: close"): the next request on it meets the end of the stream.
                // A browser sends an idempotent request (all of these are GET or PUT) once more on a new connection.
                response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            }
            String etag = response.headers().firstValue("ETag").map(tag -> tag.replace("\"", "")).orElse(null);
            return new Result(response.statusCode(), etag, response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
