package io.parley.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerOnlyFilesTest {

    @Test
    void aMissingDataDirectoryIsCreatedForItsOwnerOnly(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("parent/data");

        OwnerOnlyFiles.secure(dataDir);

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    }

    @Test
    void whatAnEarlierBuildLeftReadableIsMadeTheOwnersOnly(@TempDir Path tmp) throws Exception {
        Path dataDir = Files.createDirectory(tmp.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path store = Files.createDirectory(dataDir.resolve("eventstore"));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path events = Files.writeString(store.resolve("parley.mv.db"), "events");
        Files.setPosixFilePermissions(events, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFiles.secure(dataDir);

        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(store)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(events)).isEqualTo(OwnerOnlyFiles.FILE);
    }
}
