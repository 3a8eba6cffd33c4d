package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What every benchmark's {@code main} does around its run: reads the parameters (a wrong one: its message and the
 * usage, exit 2), runs the benchmark, reports a failure (exit 1), cleans up in any case, and exits (the server's
 * threads would keep the JVM alive otherwise).
 */
final class BenchmarkRun {

    /** One run, and the clean-up after it (its server stopped, its directory deleted), after a failure too. */
    interface Benchmark extends AutoCloseable {

        void run() throws Exception;

        @Override
        void close();

        /** What a failure's report adds, e.g. the end of the server's log; empty: nothing. */
        default String failureContext() {
            return "";
        }
    }

    /** Makes the benchmark: its directory, its parameters; what it sets up before it runs. */
    interface Setup {
        Benchmark create() throws Exception;
    }

    private BenchmarkRun() {
    }

    static <P> P parametersOrExit(String[] args, Function<String[], P> parse, String usage) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            throw e;
        }
    }

    static void runAndExit(String name, Setup setup) {
        int exitCode = 0;
        Benchmark benchmark = null;
        try {
            benchmark = setup.create();
            benchmark.run();
        } catch (Throwable e) {
            System.out.flush();
            System.err.println(name + " FAILED: " + e);
            e.printStackTrace();
            String context = benchmark == null ? "" : benchmark.failureContext();
            if (!context.isEmpty()) {
                System.err.println(context);
            }
            exitCode = 1;
        } finally {
            if (benchmark != null) {
                benchmark.close();
            }
        }
        System.out.flush();
        System.exit(exitCode);
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    System.err.println("could not delete " + path + ": " + e);
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
