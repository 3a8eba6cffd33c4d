package io.parley.standalone.backup;

import io.parley.standalone.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** File copies that are on the disk when they return (a backup is only worth something once it is). */
final class SyncedCopies {

    private SyncedCopies() {
    }

    /** A directory only its owner can enter. */
    static void createPrivateDirectory(Path directory) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));
        } else {
            Files.createDirectory(directory);
        }
    }

    /**
     * Copies a file with its attributes (the embedded object storage keeps an object's type and checksum in extended
     * attributes) and syncs it; answers its size.
     */
    static long copyFile(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        sync(to);
        return Files.size(to);
    }

    /**
     * Copies a directory tree of files that are never changed in place, only added and removed: a file removed while
     * the copy runs is left out.
     */
    static Tree copyTree(Path from, Path to) throws IOException {
        long[] filesAndBytes = new long[2];
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(directory).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    try {
                        filesAndBytes[1] += copyFile(file, to.resolve(from.relativize(file).toString()));
                        filesAndBytes[0]++;
                    } catch (NoSuchFileException removedMeanwhile) {
                        // an object deleted after the walk listed it (an expired upload): not part of the backup
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                sync(to.resolve(from.relativize(directory).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        return new Tree(filesAndBytes[0], filesAndBytes[1]);
    }

    record Tree(long files, long bytes) {
    }

    /** Removes a directory tree, as far as it goes. */
    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                Files.delete(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path) ? StandardOpenOption.READ
                : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
