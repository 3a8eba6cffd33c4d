package io.parley.media.download;

import io.parley.api.media.MediaId;
import io.parley.api.problem.Rejection;
import io.parley.media.asset.MediaRecord;
import io.parley.media.asset.MediaRecords;
import io.parley.media.cdn.CdnLinks;
import io.parley.media.scanning.MediaScanning;
import io.parley.media.storage.ObjectStorage;
import io.parley.media.storage.StoredObject;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.InputStream;

/**
 * The origin behind the caching edge: answers a {@link CdnLinks} link whose signature holds and has not expired with
 * the media's verified bytes (or its thumbnail), streamed from storage, marked immutable so that the edge keeps them.
 * Answers one {@code Range} with 206 ({@link ByteRange}: seeking in a video; the edge fetches and caches slices so).
 * Reached on the edge's cache misses only; in standalone clients reach it directly. Anything else, an expired link
 * included, is told there is no such media. Not part of the REST API's document: no token, links come from the API.
 */
@Hidden
@RestController
class CdnOriginController {

    /** A year: what a path names never changes (the link's signature is what expires). */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final CdnLinks links;
    private final MediaRecords records;
    private final MediaScanning scanning;
    private final ObjectStorage storage;

    CdnOriginController(CdnLinks links, MediaRecords records, MediaScanning scanning, ObjectStorage storage) {
        this.links = links;
        this.records = records;
        this.scanning = scanning;
        this.storage = storage;
    }

    @GetMapping(CdnLinks.PREFIX + "{mediaId}")
    ResponseEntity<StreamingResponseBody> media(@PathVariable String mediaId, HttpServletResponse response,
                                                @RequestParam(required = false) String expires,
                                                @RequestParam(required = false) String md5,
                                                @RequestHeader(value = HttpHeaders.RANGE, required = false) String range,
                                                @RequestHeader(value = HttpHeaders.IF_RANGE, required = false) String ifRange) {
        MediaRecord record = signed(CdnLinks.PREFIX + mediaId, mediaId, expires, md5);
        return stream(record.storageKey(), DownloadHeaders.contentType(record), DownloadHeaders.contentDisposition(record),
                new Ranged(range, ifRange), response);
    }

    @GetMapping(CdnLinks.PREFIX + "{mediaId}" + CdnLinks.THUMBNAIL)
    ResponseEntity<StreamingResponseBody> thumbnail(@PathVariable String mediaId, HttpServletResponse response,
                                                    @RequestParam(required = false) String expires,
                                                    @RequestParam(required = false) String md5,
                                                    @RequestHeader(value = HttpHeaders.RANGE, required = false) String range,
                                                    @RequestHeader(value = HttpHeaders.IF_RANGE, required = false)
                                                    String ifRange) {
        MediaRecord record = signed(CdnLinks.PREFIX + mediaId + CdnLinks.THUMBNAIL, mediaId, expires, md5);
        if (record.thumbnailKey() == null) {
            throw notFound();
        }
        return stream(record.thumbnailKey(), "image/jpeg", DownloadHeaders.thumbnailDisposition(),
                new Ranged(range, ifRange), response);
    }

    private MediaRecord signed(String path, String mediaId, String expires, String md5) {
        if (!links.verify(path, expires, md5)) {
            throw notFound();
        }
        return records.find(MediaId.of(mediaId)).filter(scanning::isAvailable).orElseThrow(CdnOriginController::notFound);
    }

    /** A request's {@code Range} and {@code If-Range} headers (either may be null). */
    private record Ranged(String range, String ifRange) {

        /** A range applies unless If-Range names another version (an ETag or a date: never ours, the whole object). */
        ByteRange.Requested of(StoredObject object, String etag) {
            if (ifRange != null && !ifRange.trim().equals(etag)) {
                return new ByteRange.Whole();
            }
            return ByteRange.of(range, object.size());
        }
    }

    private ResponseEntity<StreamingResponseBody> stream(String key, String contentType, String disposition,
                                                         Ranged ranged, HttpServletResponse response) {
        StoredObject object = storage.stat(key).orElseThrow(CdnOriginController::notFound);
        String etag = "\"" + object.etag().replace("\"", "") + "\"";
        // replacing the page policy set for every answer: a user's file is never a page of this origin
        response.setHeader("Content-Security-Policy", "sandbox");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        ByteRange.Requested requested = ranged.of(object, etag);
        if (requested instanceof ByteRange.Unsatisfiable) {
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + object.size());
            throw Rejection.RANGE_NOT_SATISFIABLE.exception("The file has " + object.size() + " bytes");
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        long length = object.size();
        StreamingResponseBody body = out -> {
            try (InputStream in = storage.read(key)) {
                in.transferTo(out);
            }
        };
        if (requested instanceof ByteRange.Part part) {
            ByteRange range = part.range();
            answer = ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
                    .header(HttpHeaders.CONTENT_RANGE, range.contentRange(object.size()));
            length = range.length();
            body = out -> {
                try (InputStream in = storage.read(key, range.first(), range.length())) {
                    in.transferTo(out);
                }
            };
        }
        return answer
                .header(HttpHeaders.CONTENT_TYPE, contentType)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition)
                .header(HttpHeaders.CONTENT_LENGTH, String.valueOf(length))
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .header(HttpHeaders.ETAG, etag)
                .body(body);
    }

    private static RuntimeException notFound() {
        return Rejection.NOT_FOUND.exception("No such media");
    }
}
