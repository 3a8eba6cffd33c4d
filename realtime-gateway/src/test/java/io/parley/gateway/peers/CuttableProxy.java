package io.parley.gateway.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a loopback port of its own to a local server (here redis-server), for cutting ONE client off from it:
 * {@link #cut()} closes the port and every relayed connection, as a network split would; {@link #reopen()} listens on
 * the same port again.
 */
final class CuttableProxy implements AutoCloseable {

    private final int target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    private CuttableProxy(int target) throws IOException {
        this.target = target;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    static CuttableProxy to(int target) throws IOException {
        CuttableProxy proxy = new CuttableProxy(target);
        proxy.reopen();
        return proxy;
    }

    int port() {
        return port;
    }

    void reopen() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = listening;
        daemon(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(upstream);
                    daemon(() -> relay(client, upstream));
                    daemon(() -> relay(upstream, client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** The port closed and every relayed connection with it. */
    void cut() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void relay(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException gone) {
            // one side closed: the finally closes the other
        } finally {
            quietlyClose(from);
            quietlyClose(to);
        }
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "cuttable-proxy");
        thread.setDaemon(true);
        thread.start();
    }
}
