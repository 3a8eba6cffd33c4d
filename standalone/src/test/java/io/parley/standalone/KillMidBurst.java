package io.parley.standalone;

import io.parley.standalone.ParleyClient.Response;
import io.parley.standalone.ParleyClient.Session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends messages into a conversation over REST from several threads and kills the child process hard (kill -9) once
 * at least {@code acksBeforeKill} were acknowledged (or after 30 s): what a client was told is stored, at the kill.
 */
final class KillMidBurst {

    record Ack(String messageId, long seq) {
    }

    private KillMidBurst() {
    }

    /**
     * Thread {@code t} sends as {@code senders.get(t % senders.size())}, up to {@code perThread} messages with client
     * message ids {@code <prefix><t>-<n>}; the text of each message is its client message id. A thread stops at its
     * first answer other than 201 or its first lost connection.
     */
    static Map<String, Ack> sendAndKill(StandaloneProcess parley, ParleyClient client, String conversation,
                                        List<Session> senders, int threads, String prefix, int perThread,
                                        int acksBeforeKill) throws InterruptedException {
        Map<String, Ack> acknowledged = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            Session sender = senders.get(t % senders.size());
            String ids = prefix + t + "-";
            pool.submit(() -> {
                for (int n = 0; n < perThread; n++) {
                    String clientMessageId = ids + n;
                    try {
                        Response sent = client.post("/api/v1/conversations/" + conversation + "/messages",
                                sender.accessToken(), Map.of("clientMessageId", clientMessageId, "text", clientMessageId));
                        if (sent.status() != 201) {
                            return;
                        }
                        acknowledged.put(clientMessageId, new Ack(sent.text("messageId"), sent.body().path("seq").asLong()));
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (acknowledged.size() < acksBeforeKill && Instant.now().isBefore(deadline)) {
            Thread.sleep(2);
        }
        parley.killHard();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        return acknowledged;
    }
}
