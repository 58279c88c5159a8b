package dev.arbor.internal.http;

import dev.arbor.SseStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open Server-Sent Events streams of a server: opens them, sends their heartbeats from one scheduler
 * thread (the writes themselves run on virtual threads, so a slow client never blocks the scheduler), and
 * closes them all at shutdown with a final {@code shutdown} event.
 */
public final class SseSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SseSessions.class);

    private final Set<SseSession> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("arbor-sse-heartbeat").factory());
    private final Duration heartbeat;

    public SseSessions(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    void open(Request request, org.eclipse.jetty.server.Response response, Callback callback, SseStream.Handler handler, RouteEntry entry) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no");
        if (request.getMethod().equals("HEAD")) {
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        SseSession session = new SseSession(response, callback, open::remove);
        FutureCallback committed = new FutureCallback();
        response.write(false, BufferUtil.EMPTY_BUFFER, committed);
        try {
            committed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            session.fail(e);
            return;
        }
        open.add(session);
        request.addFailureListener(session::fail);
        long period = heartbeat.toMillis();
        session.heartbeat(scheduler.scheduleAtFixedRate(
                () -> Thread.startVirtualThread(session::ping), period, period, TimeUnit.MILLISECONDS));
        try {
            handler.open(session);
        } catch (Throwable e) {
            LOG.warn("event stream of {} failed", entry.definition().handler(), e);
            session.close();
        }
    }

    /** How many streams are open now. */
    public int size() {
        return open.size();
    }

    /** Sends every open stream a final {@code shutdown} event and closes it. */
    public void closeAll() {
        for (SseSession session : open) {
            session.send("shutdown", "server is shutting down");
            session.close();
        }
    }

    public void shutdownScheduler() {
        scheduler.shutdownNow();
    }
}
