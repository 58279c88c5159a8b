package dev.arbor.internal.state;

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
 * A TCP relay on {@code localhost} to the local Redis, which a test can cut (as a crashed Redis or a broken network
 * would), stall (as a Redis too busy to answer would), and restore, without disturbing the shared Redis itself
 * and whoever else uses it. Given a TLS context it ends TLS itself, as a TLS-terminating Redis would.
 */
final class RedisRelay implements AutoCloseable {
    private final javax.net.ssl.SSLContext tls;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ServerSocket listener;
    private final java.util.concurrent.locks.ReentrantLock gate = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition reopened = gate.newCondition();
    private boolean stalled; // guarded by gate
    private volatile boolean down;

    RedisRelay(javax.net.ssl.SSLContext tls) throws IOException {
        this.tls = tls;
        listener = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
        Thread.ofVirtual().start(() -> accept(listener));
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                if (down) {
                    // Still listening, so that no client's own outgoing socket can take the port meanwhile.
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket redis = new Socket("127.0.0.1", 6379);
                sockets.add(client);
                sockets.add(redis);
                Thread.ofVirtual().start(() -> pump(client, redis));
                Thread.ofVirtual().start(() -> pump(redis, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies one direction until either side closes; while stalled, holds what it read. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                awaitOpen();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // One side went away; closing both ends tells the other.
        } finally {
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** Stops answering: what clients send is held until {@link #stall(boolean) stall(false)}. */
    void stall(boolean stall) {
        gate.lock();
        try {
            stalled = stall;
            reopened.signalAll();
        } finally {
            gate.unlock();
        }
    }

    private void awaitOpen() throws InterruptedException {
        gate.lock();
        try {
            while (stalled) {
                reopened.await();
            }
        } finally {
            gate.unlock();
        }
    }

    /** Closes every relayed connection and resets new ones, as a Redis that went down would. */
    void cut() throws IOException {
        down = true;
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** Relays new connections again, as a Redis that came back would. */
    void restore() {
        down = false;
    }

    @Override
    public void close() throws IOException {
        stall(false);
        cut();
        listener.close();
    }
}
