package io.parley.standalone;

import io.parley.media.storage.ObjectStorage;
import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints upload throughput through a presigned URL (Parley only signs; the bytes go client → storage) against a
 * direct, credentialed PUT to the same embedded storage. A report, not a test: run it explicitly with
 * {@code mvn -o test -pl standalone -Dtest=MediaThroughputBenchmark}; its name keeps it out of normal runs.
 */
class MediaThroughputBenchmark extends StandaloneTest {

    private static final int MIB = 1024 * 1024;
    private static final int FILE_SIZE = 5 * MIB;
    private static final int ROUNDS = 20;

    @Autowired
    ObjectStorage storage;

    private final MediaStorageClient s3 = new MediaStorageClient();

    @Test
    void presignedVersusDirect() {
        Session alice = client.registerAndLogin(uniqueName("bench"));
        byte[] file = new byte[FILE_SIZE];
        new Random(1).nextBytes(file);
        System.arraycopy(new byte[]{'%', 'P', 'D', 'F', '-', '1', '.', '4', '\n'}, 0, file, 0, 9);

        for (int warmup = 0; warmup < 3; warmup++) {
            presigned(alice, file, false);
            storage.put("bench/warmup-" + warmup, file, "application/pdf");
        }
        long presignedPutNanos = 0;
        long withSessionNanos = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long[] times = presigned(alice, file, true);
            presignedPutNanos += times[0];
            withSessionNanos += times[1];
        }
        long directNanos = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            storage.put("bench/direct-" + round, file, "application/pdf");
            directNanos += System.nanoTime() - start;
        }
        double megabytes = (double) ROUNDS * FILE_SIZE / MIB;
        System.out.printf("%n=== media upload throughput, %d x %d MiB on the embedded S3 server ===%n", ROUNDS, FILE_SIZE / MIB);
        System.out.printf("presigned PUT (plain HTTP client, bytes only):       %7.1f MiB/s%n", megabytes / seconds(presignedPutNanos));
        System.out.printf("presigned, whole flow (session + PUT + complete):  %7.1f MiB/s%n", megabytes / seconds(withSessionNanos));
        System.out.printf("direct PUT (MinIO client, credentials):             %7.1f MiB/s%n%n", megabytes / seconds(directNanos));
    }

    /** [nanos of the PUT alone, nanos of session + PUT + complete]. */
    private long[] presigned(Session owner, byte[] file, boolean measure) {
        long start = System.nanoTime();
        Response session = client.post("/api/v1/media/upload-session", owner.accessToken(),
                Map.of("fileName", "doc.pdf", "fileType", "application/pdf", "fileSize", file.length, "mediaType", "document"));
        long putStart = System.nanoTime();
        assertThat(s3.put(session.text("uploadUrl"), file, "application/pdf").status()).isEqualTo(200);
        long putNanos = System.nanoTime() - putStart;
        assertThat(client.post("/api/v1/media/" + session.text("mediaId") + "/complete", owner.accessToken(), null)
                .status()).isEqualTo(200);
        return new long[]{putNanos, System.nanoTime() - start};
    }

    private static double seconds(long nanos) {
        return Duration.ofNanos(nanos).toMillis() / 1000.0;
    }
}
