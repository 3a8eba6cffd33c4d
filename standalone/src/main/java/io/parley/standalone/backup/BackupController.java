package io.parley.standalone.backup;

import io.parley.platform.auth.Caller;
import io.parley.query.web.Admins;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/admin/backup}: an online backup, for the server's admins ({@code parley.jwt.admins}), who also
 * see and replay the projections. Answers once it is written.
 */
@RestController
class BackupController {

    private final Backups backups;

    BackupController(Backups backups) {
        this.backups = backups;
    }

    @PostMapping("/api/v1/admin/backup")
    ResponseEntity<BackupReport> backup(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller) {
        Admins.require(caller);
        return ResponseEntity.status(HttpStatus.CREATED).body(backups.take());
    }
}
