package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.SseStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>Streams are counted per client address and in total ({@link Limits#maxEventStreamsPerClient()},
 * {@link Limits#maxEventStreams()}): an idle stream costs the client almost nothing and the server a connection
 * and its buffers, so without a cap a few hundred of them would exhaust it. A stream over a cap is refused before
 * the route's handler sees it; a slot is taken before the stream opens and given back exactly once, when it ends.
 */
public final class SseSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SseSessions.class);

    private final Set<SseSession> open = ConcurrentHashMap.newKeySet();
    /** Open streams per client address; an address leaves the map with its last stream, so it holds no more than the total. */
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("arbor-sse-heartbeat").factory());
    private final Duration heartbeat;
    private final int maxPerClient;
    private final int max;
    private final ClientAddress clients;

    public SseSessions(Duration heartbeat, Limits limits, ClientAddress clients) {
        this.heartbeat = heartbeat;
        this.maxPerClient = limits.maxEventStreamsPerClient();
        this.max = limits.maxEventStreams();
        this.clients = clients;
    }

    void open(Request request, org.eclipse.jetty.server.Response response, Callback callback, SseStream.Handler handler, RouteEntry entry) {
        if (request.getMethod().equals("HEAD")) {
            eventStreamHeaders(response);
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        String client = clients.of(request);
        HttpError refused = take(client);
        if (refused != null) {
            ResponseWriter.failBeforeCommit(response, callback, refused);
            return;
        }
        eventStreamHeaders(response);
        SseSession session = new SseSession(response, callback, ended -> {
            open.remove(ended);
            release(client);
        });
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

    private static void eventStreamHeaders(org.eclipse.jetty.server.Response response) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        // put: whatever the route asked for, a stream of someone's events is kept by no cache.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
    }

    /** Takes a slot for one more stream of {@code client}, or says why not; the client's own cap is checked first. */
    private HttpError take(String client) {
        boolean[] admitted = {false};
        perClient.compute(client, (address, streams) -> {
            int now = streams == null ? 0 : streams;
            admitted[0] = now < maxPerClient;
            return admitted[0] ? now + 1 : streams;
        });
        if (!admitted[0]) {
            return new HttpError(429, "too-many-streams", "This client already has " + maxPerClient
                    + " event streams open, the most it may; close one before opening another", List.of()).withRetryAfter(retryAfter());
        }
        // Never above the cap, not even for a moment, so a stream closing as another opens frees a slot it can take.
        if (total.getAndUpdate(streams -> streams < max ? streams + 1 : streams) >= max) {
            releaseClient(client);
            return new HttpError(503, "streams-unavailable", "The server has as many event streams open as it can hold; "
                    + "try again later", List.of()).withRetryAfter(retryAfter());
        }
        return null;
    }

    private void release(String client) {
        total.decrementAndGet();
        releaseClient(client);
    }

    private void releaseClient(String client) {
        perClient.computeIfPresent(client, (address, streams) -> streams == 1 ? null : streams - 1);
    }

    /**
     * How long a refused client should wait: one heartbeat, by which time a vanished client's stream has been
     * noticed (its ping fails) and its slot given back.
     */
    private Duration retryAfter() {
        return heartbeat;
    }

    /** How many streams are open now. */
    public int size() {
        return total.get();
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
