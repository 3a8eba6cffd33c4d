package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.ParleyClient.Session;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints download throughput of CDN links through the caching edge ({@link CdnEdge}, the deploy template's nginx
 * block): cold (a miss: edge → Parley → storage) against cached (a hit: the edge's disk), and a presigned GET
 * straight from storage, with how many downloads reached Parley and storage (the edge's misses). The set-up is
 * {@link BehindCdnEdge}'s, as {@link MediaCdnTest}'s. A report, not a
 * test: {@code mvn -o verify -pl standalone -am -Dtest=MediaCdnBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MediaCdnBenchmark extends BehindCdnEdge {

    private static final int MIB = 1024 * 1024;
    private static final int FILE_SIZE = 5 * MIB;
    private static final int FILES = 20;

    @Test
    void coldVersusCached() throws Exception {
        Session alice = client.registerAndLogin(StandaloneTest.uniqueName("bench"));
        List<JsonNode> media = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            byte[] file = new byte[FILE_SIZE];
            new Random(i).nextBytes(file);
            System.arraycopy(new byte[]{'%', 'P', 'D', 'F', '-', '1', '.', '4', '\n'}, 0, file, 0, 9);
            String mediaId = upload(alice, "f" + i + ".pdf", "application/pdf", "document", file).text("mediaId");
            media.add(client.get("/api/v1/media/" + mediaId, alice.accessToken()).body());
        }
        long presigned = 0;
        long cold = 0;
        long cached = 0;
        int misses = 0;
        for (JsonNode one : media) {
            long start = System.nanoTime();
            assertThat(s3.get(one.path("url").asText()).body()).hasSize(FILE_SIZE);
            presigned += System.nanoTime() - start;
        }
        for (String pass : List.of("cold", "cached")) {
            for (JsonNode one : media) {
                long start = System.nanoTime();
                HttpResponse<byte[]> answer = get(one.path("cdnUrl").asText());
                long took = System.nanoTime() - start;
                assertThat(answer.body()).hasSize(FILE_SIZE);
                if ("MISS".equals(answer.headers().firstValue("X-Cache-Status").orElse(""))) {
                    misses++;
                }
                if (pass.equals("cold")) {
                    cold += took;
                } else {
                    cached += took;
                }
            }
        }
        double megabytes = (double) FILES * FILE_SIZE / MIB;
        System.out.printf("%n=== media downloads, %d x %d MiB ===%n", FILES, FILE_SIZE / MIB);
        System.out.printf("presigned GET straight from storage:          %7.1f MiB/s%n", megabytes / (presigned / 1e9));
        System.out.printf("CDN link, cold (edge miss → Parley → storage): %7.1f MiB/s%n", megabytes / (cold / 1e9));
        System.out.printf("CDN link, cached (edge hit):                   %7.1f MiB/s%n", megabytes / (cached / 1e9));
        System.out.printf("downloads reaching Parley and storage: %d of %d (%d files, each fetched twice)%n%n",
                misses, 2 * FILES, FILES);
    }
}
