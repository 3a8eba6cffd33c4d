package io.parley.standalone.backup;

import io.parley.api.auth.Caller;
import io.parley.query.web.Analysts;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/admin/backup}: an online backup, for the analysts who hold the rest of {@code /api/v1/admin}
 * (the event export, which already hands them every message, and projection replay). Answers once it is written.
 */
@RestController
class BackupController {

    private final Backups backups;

    BackupController(Backups backups) {
        this.backups = backups;
    }

    @PostMapping("/api/v1/admin/backup")
    ResponseEntity<BackupReport> backup(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller) {
        Analysts.require(caller);
        return ResponseEntity.status(HttpStatus.CREATED).body(backups.take());
    }
}
