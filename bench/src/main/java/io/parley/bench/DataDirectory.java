package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a Parley data directory takes on disk, media objects left out (issue 18's bound: 2 KB per stored message):
 * per top-level entry, the space allocated as {@code du -s -B1} reports it (sparse and preallocated files count what
 * they occupy), and the apparent size (sum of file lengths) beside it.
 */
record DataDirectory(Map<String, Long> allocatedByEntry, long allocated, long apparent) {

    static DataDirectory measure(Path dataDir) throws IOException, InterruptedException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(dataDir)) {
            list.filter(entry -> !entry.getFileName().toString().equals("media")).sorted().forEach(entries::add);
        }
        Map<String, Long> allocated = new TreeMap<>();
        for (Path entry : entries) {
            allocated.put(entry.getFileName().toString(), du(entry));
        }
        long apparent = 0;
        for (Path entry : entries) {
            try (Stream<Path> files = Files.walk(entry)) {
                apparent += files.filter(Files::isRegularFile).mapToLong(DataDirectory::sizeOf).sum();
            }
        }
        return new DataDirectory(allocated, allocated.values().stream().mapToLong(Long::longValue).sum(), apparent);
    }

    /** One line: total allocated and apparent bytes, bytes per stored message, the entries. */
    String describe(long storedMessages) {
        return String.format(java.util.Locale.ROOT,
                "%,d bytes allocated (du) = %,.0f bytes/message (target <= 2,048), apparent %,d bytes; %s",
                allocated, allocated / (double) Math.max(1, storedMessages), apparent, allocatedByEntry);
    }

    private static long du(Path entry) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-s", "-B1", entry.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes()).trim();
        // a file removed while du walks (a checkpointed journal) makes du exit 1 but still print the total
        String last = out.lines().reduce((first, second) -> second).orElse("");
        if (du.waitFor() > 1 || !last.matches("\\d+\\s.*")) {
            throw new IOException("du " + entry + ": " + out);
        }
        return Long.parseLong(last.split("\\s")[0]);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0; // removed while walking
        }
    }
}
