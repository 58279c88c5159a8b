package dev.arbor.internal.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes HTTP/1.1 connections whose request head (request line and headers) is not complete within a fixed
 * time: the slowloris defence. Jetty's idle timeout cannot do this because every byte renews it.
 *
 * <p>The clock of a connection's first request starts when it opens (a TLS handshake counts); on a kept-alive
 * connection, when the next request's first byte arrives, so a silent kept-alive connection is left to the
 * idle timeout. Nothing is done per request: a sweep on Jetty's scheduler reads each open connection's parser
 * state (a volatile field) and sleeps until the earliest deadline it saw, which is exact because a head that
 * begins after a sweep ends at least one full timeout later.
 *
 * <p>Added to the connector as a bean, so it is started, stopped and told about connections with it.
 */
final class HeaderDeadline extends AbstractLifeCycle implements Connection.Listener {
    private final long timeoutNanos;
    private final Scheduler scheduler;
    private final Map<HttpConnection, Long> openedAt = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    /** What a JVM running Arbor on the module path is started with, so that it may read Jetty's connection state. */
    static final String JETTY_EXPORT = "--add-exports org.eclipse.jetty.server/org.eclipse.jetty.server.internal=dev.arbor";

    HeaderDeadline(Duration timeout, Scheduler scheduler) {
        // Here, at start-up: without the export the first connection would fail with an IllegalAccessError instead.
        String missing = missingExport(org.eclipse.jetty.server.Server.class.getModule(), HeaderDeadline.class.getModule());
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        this.timeoutNanos = timeout.toNanos();
        this.scheduler = scheduler;
    }

    /**
     * Why {@code arbor} cannot read Jetty's connection class, or null when it can: on the class path everything is
     * readable; on the module path Jetty exports that class's package only to a JVM started with {@link #JETTY_EXPORT}.
     */
    static String missingExport(Module jetty, Module arbor) {
        return jetty.isExported("org.eclipse.jetty.server.internal", arbor) ? null
                : "Arbor reads the state of Jetty's HTTP/1.1 connections (the header-read deadline, graceful shutdown), "
                + "which Jetty does not export: on the module path, start the JVM with " + JETTY_EXPORT;
    }

    @Override
    public void onOpened(Connection connection) {
        // TLS connections are seen twice: the TLS connection itself and the HTTP connection over it; the
        // HTTP one is opened when the TLS one is, so a slow handshake runs on the same clock.
        if (connection instanceof HttpConnection http) {
            openedAt.put(http, System.nanoTime());
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof HttpConnection http) {
            openedAt.remove(http);
        }
    }

    @Override
    protected void doStart() {
        schedule(timeoutNanos);
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        openedAt.clear();
    }

    private void schedule(long delayNanos) {
        if (isRunning() || isStarting()) {
            next = scheduler.schedule(this::sweep, Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        long earliest = now + timeoutNanos;
        for (Map.Entry<HttpConnection, Long> entry : openedAt.entrySet()) {
            HttpConnection connection = entry.getKey();
            long began = headBegan(connection, entry.getValue());
            if (began == Long.MIN_VALUE) {
                continue;
            }
            long deadline = began + timeoutNanos;
            if (now - deadline >= 0) {
                openedAt.remove(connection);
                connection.getEndPoint().close(new TimeoutException("request head not complete within the header-read timeout"));
            } else if (deadline - earliest < 0) {
                earliest = deadline;
            }
        }
        schedule(earliest - now);
    }

    /** When the request head now being read began, or {@code Long.MIN_VALUE} when none is being read. */
    private static long headBegan(HttpConnection connection, long opened) {
        HttpParser parser = connection.getParser();
        HttpParser.State state = parser.getState();
        if (state == HttpParser.State.START) {
            // Nothing of a request yet: on a fresh connection that is part of its first head; after a response
            // it is an idle kept-alive connection.
            return connection.getMessagesIn() == 0 ? opened : Long.MIN_VALUE;
        }
        if (!parser.inHeaderState()) {
            return Long.MIN_VALUE;
        }
        // Read after the volatile state, so the time the parser stored before leaving START is visible.
        long began = parser.getBeginNanoTime();
        return connection.getMessagesIn() == 0 ? opened : began;
    }
}
