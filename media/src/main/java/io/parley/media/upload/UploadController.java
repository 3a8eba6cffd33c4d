package io.parley.media.upload;

import io.parley.platform.auth.Caller;
import io.parley.api.media.MediaId;
import io.parley.media.asset.MediaRecord;
import io.parley.media.cdn.CdnLinks;
import io.parley.platform.cdn.CdnLinkSigner;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Upload sessions and their completion. The bytes themselves go straight to storage, never through here. */
@RestController
@RequestMapping("/api/v1/media")
class UploadController {

    private final UploadSessions sessions;
    private final UploadCompletion completion;
    private final CdnLinks cdnLinks;

    UploadController(UploadSessions sessions, UploadCompletion completion, CdnLinks cdnLinks) {
        this.sessions = sessions;
        this.completion = completion;
        this.cdnLinks = cdnLinks;
    }

    record MultipartCompletion(String uploadId, List<UploadCompletion.PartRef> parts) {
    }

    /**
     * {@code cdnUrl}, valid until {@code cdnUrlExpiresAt}: when CDN links are configured and the media may already be
     * downloaded, else null.
     */
    record Completed(String mediaId, String status, String mediaType, String contentType, long size, String checksum,
                     String cdnUrl, Instant cdnUrlExpiresAt) {
    }

    private Completed completed(MediaRecord record) {
        Optional<CdnLinkSigner.Links> links = cdnLinks.of(record);
        return new Completed(record.mediaId().value(), record.status().name(), record.mediaType(),
                record.contentType(), record.size(), record.checksum(),
                links.map(CdnLinkSigner.Links::url).orElse(null),
                links.map(CdnLinkSigner.Links::expiresAt).orElse(null));
    }

    @PostMapping("/upload-session")
    ResponseEntity<UploadSessions.Session> start(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                                 @Valid @RequestBody UploadSessions.Request request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(sessions.start(caller.userId(), request));
    }

    @PostMapping("/{mediaId}/complete")
    Completed complete(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String mediaId) {
        return completed(completion.complete(caller.userId(), MediaId.of(mediaId)));
    }

    @PostMapping("/{mediaId}/complete-multipart")
    Completed completeMultipart(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller, @PathVariable String mediaId,
                                @RequestBody MultipartCompletion request) {
        return completed(completion.completeMultipart(caller.userId(), MediaId.of(mediaId), request.uploadId(),
                request.parts()));
    }
}
