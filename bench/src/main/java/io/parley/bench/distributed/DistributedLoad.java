package io.parley.bench.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load driver of the distributed harness ({@code bench/distributed/run.sh}), against services that already run:
 * <ol>
 *   <li><b>REST sends</b> per command-side node: {@code senders} threads per node, each in a direct conversation of
 *   its own, each POSTing {@code /api/v1/conversations/{id}/messages} one after the other (closed loop, one in
 *   flight) to its node, first for {@code warmupSeconds} (not counted), then for {@code seconds}: sends/s and latency
 *   p50/p99 per node and in all. Axon Server routes each command to whichever node owns the conversation.</li>
 *   <li><b>History</b>: the query side's newest page of every conversation shows every acknowledged send (the
 *   projection caught up, nothing lost), waited for up to 60 s.</li>
 *   <li><b>Across gateways</b>: a sender's socket on the first gateway, the receiver's on the second; {@code samples}
 *   socket sends one after the other, each timed from the {@code send} frame until the receiver's socket has the
 *   message: p50/p99/max.</li>
 *   <li><b>Projections across nodes</b> (with {@code admin} and two {@code queryUrls} or more): every query-side
 *   node shows the same segments, held by the same node; a replay asked of the last node, timed until the first
 *   shows it caught up, and the history complete again after it.</li>
 * </ol>
 * Parameters as system properties or {@code name=value} arguments: {@code commandUrls} (comma separated),
 * {@code queryUrls} (comma separated; the history is read from the first), {@code gatewayUrls} (two, comma
 * separated), {@code senders}, {@code warmupSeconds}, {@code seconds}, {@code samples}, {@code label}, {@code admin}
 * (a username the command side grants the admin role), {@code processes} ({@code name:pid} pairs, comma separated:
 * their CPU while measured is printed too). Exits 1 when a step fails.
 */
public final class DistributedLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "distributed harness password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();

    private record Session(String userId, String accessToken) {
    }

    private record Sender(String node, Session session, String conversationId) {
    }

    /** What one command-side node did in the measured phase. */
    private record NodeResult(String node, long sends, long errors, Histogram latency) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> parameters = new java.util.LinkedHashMap<>(Map.of(
                "commandUrls", "", "queryUrls", "", "gatewayUrls", "", "senders", "8", "warmupSeconds", "150",
                "seconds", "30", "samples", "200", "label", "", "processes", "", "admin", ""));
        parameters.replaceAll((name, value) -> System.getProperty(name, value));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !parameters.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("Unknown argument: " + arg + " (known: " + parameters.keySet() + ")");
            }
            parameters.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<String> commandUrls = List.of(parameters.get("commandUrls").split(","));
        List<String> queryUrls = List.of(parameters.get("queryUrls").split(","));
        List<String> gatewayUrls = List.of(parameters.get("gatewayUrls").split(","));
        if (commandUrls.get(0).isBlank() || queryUrls.get(0).isBlank() || gatewayUrls.size() != 2) {
            throw new IllegalArgumentException("commandUrls, queryUrls and two gatewayUrls are required");
        }
        boolean ok = new DistributedLoad().run(commandUrls, queryUrls, parameters.get("admin"), gatewayUrls,
                Integer.parseInt(parameters.get("senders")), Integer.parseInt(parameters.get("warmupSeconds")),
                Integer.parseInt(parameters.get("seconds")), Integer.parseInt(parameters.get("samples")),
                parameters.get("label"), new ProcessCpu(parameters.get("processes")));
        System.exit(ok ? 0 : 1);
    }

    private boolean run(List<String> commandUrls, List<String> queryUrls, String admin, List<String> gatewayUrls, int senders,
                        int warmupSeconds, int seconds, int samples, String label, ProcessCpu cpu) throws Exception {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String setupUrl = commandUrls.get(0);
        List<Sender> all = new ArrayList<>();
        for (String node : commandUrls) {
            for (int i = 0; i < senders; i++) {
                Session sender = registerAndLogin(setupUrl, "s" + run + "n" + all.size());
                Session receiver = registerAndLogin(setupUrl, "r" + run + "n" + all.size());
                String conversation = post(setupUrl + "/api/v1/conversations/direct", sender.accessToken(),
                        Map.of("peerUserId", receiver.userId())).path("conversationId").asText();
                all.add(new Sender(node, sender, conversation));
            }
        }
        System.out.printf("setup: %d senders (%d per command-side node), each in a direct conversation of its own%n",
                all.size(), senders);

        AtomicLong sequence = new AtomicLong();
        if (warmupSeconds > 0) {
            System.out.printf("warm-up: %d s of REST sends (not counted)%n", warmupSeconds);
            sendFor(all, warmupSeconds, sequence);
        }
        System.out.printf("measured: %d s of REST sends%n", seconds);
        cpu.start();
        long started = System.nanoTime();
        List<NodeResult> results = sendFor(all, seconds, sequence);
        double wall = (System.nanoTime() - started) / 1e9;
        cpu.stop();
        long acknowledged = results.stream().mapToLong(NodeResult::sends).sum();

        boolean historyComplete = historyComplete(queryUrls.get(0), all);
        Histogram across = acrossGateways(setupUrl, gatewayUrls, samples, run);

        System.out.println();
        System.out.printf("Distributed: %s%d command-side node(s), %d REST senders per node (closed loop), %.0f s measured%n",
                label.isBlank() ? "" : label + ", ", commandUrls.size(), senders, wall);
        System.out.println("| command-side node | sends/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|");
        Histogram total = new Histogram(3);
        long sends = 0;
        long errors = 0;
        for (NodeResult result : results) {
            System.out.printf("| %s | %,.0f | %.1f | %.1f | %d |%n", result.node(), result.sends() / wall,
                    ms(result.latency().getValueAtPercentile(50)), ms(result.latency().getValueAtPercentile(99)),
                    result.errors());
            total.add(result.latency());
            sends += result.sends();
            errors += result.errors();
        }
        System.out.printf("| all | %,.0f | %.1f | %.1f | %d |%n", sends / wall, ms(total.getValueAtPercentile(50)),
                ms(total.getValueAtPercentile(99)), errors);
        cpu.print(wall, acknowledged);
        System.out.printf("history on the query side: %s%n", historyComplete
                ? "every acknowledged send is there" : "INCOMPLETE after 60 s");
        if (across == null) {
            System.out.println("across gateways: FAILED (see above)");
        } else {
            System.out.printf("across gateways (socket send on gateway 1 -> receiver's socket on gateway 2), %d messages:"
                            + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", across.getTotalCount(),
                    ms(across.getValueAtPercentile(50)), ms(across.getValueAtPercentile(99)), ms(across.getMaxValue()));
        }
        boolean projections = admin.isBlank() || queryUrls.size() < 2
                || projectionsAcrossNodes(setupUrl, queryUrls, admin, all);
        return errors == 0 && historyComplete && across != null && projections;
    }

    /**
     * The projection admin on every query-side node: each shows the same holder and position of each processor's
     * segments (a standby node too, though it holds none); then a replay of the conversations projection asked of
     * the last node, timed until the first node shows it caught up again, and the history complete after it.
     */
    private boolean projectionsAcrossNodes(String setupUrl, List<String> queryUrls, String admin, List<Sender> all)
            throws Exception {
        String token = registerAndLogin(setupUrl, admin).accessToken();
        System.out.println("projections, as each query-side node shows them (segment@node:position):");
        String first = null;
        boolean same = true;
        for (String queryUrl : queryUrls) {
            JsonNode statuses = getJson(queryUrl + "/api/v1/admin/projections", token);
            StringBuilder line = new StringBuilder();
            for (JsonNode status : statuses) {
                line.append(status.path("name").asText()).append(" [");
                for (JsonNode segment : status.path("segments")) {
                    line.append(' ').append(segment.path("segment").asInt()).append('/').append(segment.path("onePartOf").asInt())
                            .append('@').append(segment.path("node").asText()).append(':').append(segment.path("position").asLong());
                }
                line.append(" ] caughtUp=").append(status.path("caughtUp").asBoolean()).append("; ");
            }
            System.out.printf("  %s: %s%n", queryUrl, line);
            same &= first == null || first.equals(line.toString());
            first = first == null ? line.toString() : first;
        }
        if (!same) {
            System.out.println("projections: the nodes DISAGREE (positions may move between the two requests while events arrive)");
        }
        String replayFrom = queryUrls.get(queryUrls.size() - 1);
        long started = System.nanoTime();
        HttpResponse<String> replay = http.send(HttpRequest.newBuilder(URI.create(replayFrom
                        + "/api/v1/admin/projections/conversations/replay")).timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (replay.statusCode() != 202) {
            System.out.printf("replay asked of %s: FAILED, %d %s%n", replayFrom, replay.statusCode(), replay.body());
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode conversations = getJson(queryUrls.get(0) + "/api/v1/admin/projections", token).get(0);
            if (conversations.path("caughtUp").asBoolean() && !conversations.path("replaying").asBoolean()
                    && conversations.path("lag").asLong() == 0) {
                System.out.printf("replay of conversations asked of %s: caught up again after %.1f s, as %s shows%n",
                        replayFrom, (System.nanoTime() - started) / 1e9, queryUrls.get(0));
                boolean complete = historyComplete(queryUrls.get(0), all);
                System.out.printf("history after the replay: %s%n", complete
                        ? "every acknowledged send is there" : "INCOMPLETE after 60 s");
                return complete && same;
            }
            Thread.sleep(500);
        }
        System.out.println("replay of conversations: NOT caught up within 120 s");
        return false;
    }

    private JsonNode getJson(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Every sender POSTs to its own node, one send at a time, until the time is up. */
    private List<NodeResult> sendFor(List<Sender> all, int seconds, AtomicLong sequence) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService threads = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<NodeResult>> futures = new ArrayList<>();
            for (Sender sender : all) {
                futures.add(threads.submit(() -> {
                    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                    long sent = 0;
                    long errors = 0;
                    while (System.nanoTime() < deadline) {
                        String body = JSON.writeValueAsString(Map.of("clientMessageId",
                                "d-" + sequence.incrementAndGet(), "text", "distributed harness message " + sent));
                        long start = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sender.node()
                                        + "/api/v1/conversations/" + sender.conversationId() + "/messages"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + sender.session().accessToken())
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        if (response.statusCode() / 100 == 2) {
                            latency.recordValue(Math.min(took, latency.getHighestTrackableValue()));
                            sent++;
                        } else {
                            if (errors++ < 3) {
                                System.out.println("send answered " + response.statusCode() + ": " + response.body());
                            }
                        }
                    }
                    return new NodeResult(sender.node(), sent, errors, latency);
                }));
            }
            List<NodeResult> byNode = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                NodeResult result = futures.get(i).get();
                NodeResult existing = byNode.stream().filter(r -> r.node().equals(result.node())).findFirst().orElse(null);
                if (existing == null) {
                    byNode.add(result);
                } else {
                    existing.latency().add(result.latency());
                    byNode.set(byNode.indexOf(existing), new NodeResult(existing.node(),
                            existing.sends() + result.sends(), existing.errors() + result.errors(), existing.latency()));
                }
            }
            return byNode;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Whether every conversation's newest message on the query side has the seq of its last acknowledged send. */
    private boolean historyComplete(String queryUrl, List<Sender> all) throws Exception {
        List<Long> expected = new ArrayList<>();
        for (Sender sender : all) {
            expected.add(newestSeq(sender.node(), sender, true));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean complete = true;
            for (int i = 0; i < all.size() && complete; i++) {
                complete = newestSeq(queryUrl, all.get(i), false) >= expected.get(i);
            }
            if (complete) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /**
     * The conversation's newest seq: from the command side, by sending one more message (its ack has the seq); from
     * the query side, the newest page of the history.
     */
    private long newestSeq(String baseUrl, Sender sender, boolean bySending) throws IOException, InterruptedException {
        if (bySending) {
            return post(baseUrl + "/api/v1/conversations/" + sender.conversationId() + "/messages",
                    sender.session().accessToken(), Map.of("clientMessageId", "last-" + System.nanoTime(),
                            "text", "last")).path("seq").asLong();
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/conversations/"
                        + sender.conversationId() + "/messages?limit=1"))
                .header("Authorization", "Bearer " + sender.session().accessToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        JsonNode messages = JSON.readTree(response.body()).path("messages");
        long newest = -1;
        for (JsonNode message : messages) {
            newest = Math.max(newest, message.path("seq").asLong(-1));
        }
        return newest;
    }

    /** Socket sends on gateway 1, each timed until the receiver's socket on gateway 2 has it; null when it fails. */
    private Histogram acrossGateways(String setupUrl, List<String> gatewayUrls, int samples, String run) {
        try {
            Session sender = registerAndLogin(setupUrl, "gs" + run);
            Session receiver = registerAndLogin(setupUrl, "gr" + run);
            String conversation = post(setupUrl + "/api/v1/conversations/direct", sender.accessToken(),
                    Map.of("peerUserId", receiver.userId())).path("conversationId").asText();
            Socket from = Socket.resumed(http, gatewayUrls.get(0), sender.accessToken());
            Socket to = from == null ? null : Socket.resumed(http, gatewayUrls.get(1), receiver.accessToken());
            if (from == null || to == null) {
                System.out.println("across gateways: a resume was not acknowledged");
                return null;
            }
            try {
                Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                for (int n = 0; n < samples + 20; n++) {
                    long start = System.nanoTime();
                    from.send("{\"type\":\"send\",\"id\":\"x" + n + "\",\"conversationId\":\"" + conversation
                            + "\",\"clientMessageId\":\"x-" + run + "-" + n + "\",\"text\":\"across " + n + "\"}");
                    JsonNode message = to.awaitMessage("across " + n, 30);
                    long took = System.nanoTime() - start;
                    if (message == null) {
                        System.out.println("across gateways: message " + n + " did not reach gateway 2 within 30 s");
                        return null;
                    }
                    if (n >= 20) {
                        latency.recordValue(took);
                    }
                }
                return latency;
            } finally {
                from.close();
                to.close();
            }
        } catch (Exception e) {
            System.out.println("across gateways: " + e);
            return null;
        }
    }

    private Session registerAndLogin(String baseUrl, String username) throws IOException, InterruptedException {
        post(baseUrl + "/api/v1/auth/register", null,
                Map.of("username", username, "password", PASSWORD, "displayName", username));
        JsonNode tokens = post(baseUrl + "/api/v1/auth/login", null,
                Map.of("username", username, "password", PASSWORD, "deviceId", "harness"));
        return new Session(tokens.path("userId").asText(), tokens.path("accessToken").asText());
    }

    private JsonNode post(String url, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** One device's socket: frames in a queue, read by the driver's one thread. */
    private static final class Socket implements WebSocket.Listener {

        /** The type of the frame this driver queues itself when the gateway closes the socket. */
        private static final String CLOSED = "(closed)";

        private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Socket open(HttpClient http, String gatewayUrl, String accessToken) throws Exception {
            Socket listener = new Socket();
            String ws = gatewayUrl.replaceFirst("^http", "ws");
            listener.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(ws + "/ws?access_token=" + accessToken), listener).get(30, TimeUnit.SECONDS);
            return listener;
        }

        /**
         * A socket whose {@code resume} was acknowledged: a gateway that has not caught up yet closes with 4009
         * ("resume again"), and the device connects and resumes again, as clients do (up to 20 times, 1 s apart).
         */
        static Socket resumed(HttpClient http, String gatewayUrl, String accessToken) throws Exception {
            for (int attempt = 0; attempt < 20; attempt++) {
                Socket socket = open(http, gatewayUrl, accessToken);
                socket.send("{\"type\":\"resume\",\"id\":\"r\",\"positions\":{}}");
                JsonNode answer = socket.await(frame -> "ack".equals(frame.path("type").asText())
                        || CLOSED.equals(frame.path("type").asText()), 60);
                if (answer != null && "ack".equals(answer.path("type").asText())) {
                    return socket;
                }
                socket.close();
                Thread.sleep(1000);
            }
            return null;
        }

        void send(String frame) throws Exception {
            socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
        }

        JsonNode awaitMessage(String text, int seconds) throws InterruptedException {
            return await(frame -> "message".equals(frame.path("type").asText())
                    && text.equals(frame.path("text").asText()), seconds);
        }

        private JsonNode await(java.util.function.Predicate<JsonNode> wanted, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame == null) {
                    return null;
                }
                if (wanted.test(frame)) {
                    return frame;
                }
                if ("error".equals(frame.path("type").asText())) {
                    System.out.println("socket error frame: " + frame);
                }
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            System.out.println("socket closed by the gateway: " + statusCode + " " + reason);
            frames.add(JSON.createObjectNode().put("type", CLOSED).put("code", statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            System.out.println("socket failed: " + error);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    System.out.println("unparsable frame: " + partial);
                }
                partial.setLength(0);
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
