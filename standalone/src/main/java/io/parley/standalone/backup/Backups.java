package io.parley.standalone.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.problem.Rejection;
import io.parley.standalone.OwnerOnlyFiles;
import io.parley.standalone.eventstore.EventStoreCopy;
import io.parley.standalone.readmodels.ReadModelBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Online backups, one at a time, each into {@code <parley.backup.directory>/<UTC time>/}: the tracking tokens, the read
 * models and the events, each as of one commit and copied in that order ({@link EventStoreCopy}: a processor started
 * on the copy handles again what its token had not passed, and finds every event it had), the keys and the media
 * objects, laid out as a data directory that Parley starts on. A backup is written under
 * {@code <time>.partial} and renamed once everything in it is on disk, so a directory without the suffix is complete;
 * a backup that fails removes what it wrote. Private like the data directory: {@code 0700}, files {@code 0600}.
 */
@Component
class Backups {

    static final String MANIFEST = "parley-backup.json";

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final BackupSources sources;
    private final EventStoreCopy events;
    private final ReadModelBackend readModels;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final ReentrantLock oneAtATime = new ReentrantLock();

    Backups(@Value("${parley.backup.directory}") Path root, BackupSources sources, EventStoreCopy events,
            ReadModelBackend readModels, ObjectMapper json) {
        this.root = BackupSources.absolute(root);
        this.sources = sources;
        this.events = events;
        this.readModels = readModels;
        this.json = json;
        refuseInside(sources.dataDirectory(), "the data directory");
        if (sources.mediaDirectory() != null) {
            refuseInside(sources.mediaDirectory(), "the media directory (served over HTTP)");
        }
    }

    private void refuseInside(Path directory, String what) {
        if (root.startsWith(directory)) {
            throw new IllegalStateException("parley.backup.directory (" + root + ") must not be inside " + what + " ("
                    + directory + ")");
        }
    }

    BackupReport take() {
        if (!oneAtATime.tryLock()) {
            throw Rejection.BACKUP_RUNNING.exception("Another backup is being written; ask again once it is done");
        }
        try {
            return write();
        } catch (IOException e) {
            throw new UncheckedIOException("The backup could not be written under " + root, e);
        } catch (SQLException e) {
            throw new IllegalStateException("The backup could not copy the event store", e);
        } finally {
            oneAtATime.unlock();
        }
    }

    private BackupReport write() throws IOException, SQLException {
        Instant started = clock.instant();
        createRoot();
        Path target = freeName(started);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        log.info("Backup started into {}", target);
        SyncedCopies.createPrivateDirectory(partial);
        try {
            // tokens first, events last: no token ahead of the read models or of the events copied with it
            Path eventStore = partial.resolve("eventstore");
            SyncedCopies.createPrivateDirectory(eventStore);
            long tokenBytes = events.copyTokensInto(eventStore);
            Path readModelsDirectory = partial.resolve(BackupSources.READ_MODELS);
            SyncedCopies.createPrivateDirectory(readModelsDirectory);
            Path readModelFile = readModels.copyInto(readModelsDirectory);
            SyncedCopies.sync(readModelFile);
            long readModelBytes = Files.size(readModelFile);
            EventStoreCopy.Copied copied = events.copyInto(eventStore);

            Path keys = partial.resolve(BackupSources.KEYS);
            SyncedCopies.createPrivateDirectory(keys);
            long keyBytes = 0;
            for (Path key : sources.keyFiles()) {
                keyBytes += SyncedCopies.copyFile(key, keys.resolve(key.getFileName()));
            }

            long mediaBytes = 0;
            if (sources.mediaDirectory() != null && Files.isDirectory(sources.mediaDirectory())) {
                mediaBytes = SyncedCopies.copyTree(sources.mediaDirectory(), partial.resolve(BackupSources.MEDIA)).bytes();
            }

            BackupReport report = new BackupReport(target.toString(), started,
                    Duration.between(started, clock.instant()).toMillis(), copied.events(), copied.lastGlobalIndex(),
                    new BackupReport.Sizes(copied.bytes() + tokenBytes, readModelBytes, keyBytes, mediaBytes,
                            copied.bytes() + tokenBytes + readModelBytes + keyBytes + mediaBytes));
            Path manifest = partial.resolve(MANIFEST);
            json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), report);
            SyncedCopies.sync(manifest);
            OwnerOnlyFiles.secure(partial);
            for (Path directory : new Path[]{eventStore, readModelsDirectory, keys, partial}) {
                SyncedCopies.sync(directory);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            SyncedCopies.sync(root);
            log.info("Backup written to {}: {} events, up to global index {}, {} bytes, in {} ms", target,
                    report.events(), report.lastGlobalIndex(), report.bytes().total(), report.durationMillis());
            return report;
        } catch (IOException | SQLException | RuntimeException failed) {
            log.warn("Backup into {} failed, removing what it wrote: {}", target, failed.toString());
            try {
                SyncedCopies.deleteTree(partial);
            } catch (IOException | RuntimeException notRemoved) {
                failed.addSuppressed(notRemoved);
            }
            throw failed;
        }
    }

    private void createRoot() throws IOException {
        if (Files.isDirectory(root)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));
        } else {
            Files.createDirectories(root);
        }
    }

    /** Named after the time it was started; two in the same millisecond (one right after the other) get a suffix. */
    private Path freeName(Instant started) {
        String name = NAME.format(started);
        Path target = root.resolve(name);
        for (int n = 2; Files.exists(target) || Files.exists(target.resolveSibling(target.getFileName() + ".partial")); n++) {
            target = root.resolve(name + "-" + n);
        }
        return target;
    }
}
