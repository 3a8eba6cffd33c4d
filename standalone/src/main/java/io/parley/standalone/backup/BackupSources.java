package io.parley.standalone.backup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backup copies besides the events, from wherever the configuration put it: the access-token key pair (so that
 * issued tokens stay valid), the VAPID key pair of push notifications (browsers' subscriptions are bound to it), and with the embedded object storage its credentials and its files (the media objects,
 * immutable once verified). In a backup they take the default layout of a data directory.
 */
@Component
class BackupSources {

    static final String KEYS = "keys";
    static final String READ_MODELS = "readmodels";
    static final String MEDIA = "media";

    private final Path dataDirectory;
    private final List<Path> keyFiles = new ArrayList<>();
    private final Path mediaDirectory;

    BackupSources(@Value("${parley.data-dir}") Path dataDirectory,
                  @Value("${parley.jwt.private-key-file}") Path privateKey,
                  @Value("${parley.jwt.public-key-file}") Path publicKey,
                  @Value("${parley.media.embedded-s3.enabled:true}") boolean embeddedStorage,
                  @Value("${parley.media.embedded-s3.credentials-file:}") String storageCredentials,
                  @Value("${parley.media.embedded-s3.directory:}") String mediaDirectory,
                  @Value("${parley.push.vapid.private-key-file:}") String vapidPrivateKey,
                  @Value("${parley.push.vapid.public-key-file:}") String vapidPublicKey) {
        this.dataDirectory = absolute(dataDirectory);
        keyFiles.add(absolute(privateKey));
        keyFiles.add(absolute(publicKey));
        if (embeddedStorage && !storageCredentials.isBlank()) {
            keyFiles.add(absolute(Path.of(storageCredentials)));
        }
        for (String vapidKey : new String[]{vapidPrivateKey, vapidPublicKey}) {
            if (!vapidKey.isBlank() && Files.exists(Path.of(vapidKey))) {
                keyFiles.add(absolute(Path.of(vapidKey)));
            }
        }
        this.mediaDirectory = embeddedStorage && !mediaDirectory.isBlank() ? absolute(Path.of(mediaDirectory)) : null;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** Copied into {@code keys/} of a backup, under their own file names. */
    List<Path> keyFiles() {
        return List.copyOf(keyFiles);
    }

    /** Copied as {@code media/} of a backup; null when media are kept elsewhere (and backed up there). */
    Path mediaDirectory() {
        return mediaDirectory;
    }

    static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
