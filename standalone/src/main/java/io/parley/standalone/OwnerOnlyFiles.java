package io.parley.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Creates a directory readable by its owner only ({@code 0700}) and takes what is already in it to {@code 0700}
 * (directories) and {@code 0600} (files). Files the stores create later inherit the process's umask, but nobody else
 * can reach them: every directory on the way is {@code 0700}.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    public static void secure(Path directory) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    if (!Files.isSymbolicLink(path)) {
                        Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + directory + " private", e);
        }
    }
}
