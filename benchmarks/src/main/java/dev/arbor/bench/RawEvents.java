package dev.arbor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.bench.app.Clock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.FutureCallback;

/**
 * Server-Sent Events by hand, the way the shop's {@code /api/events} and {@code /bench/broadcast} work on Arbor:
 * a set of open streams, each written one frame at a time under a lock with a bounded wait, dropped when a
 * write fails. No heartbeats: Arbor's come every 15 seconds or more and cost nothing measurable here.
 */
final class RawEvents {
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ObjectMapper mapper;

    RawEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private final class Stream {
        final Response response;
        final Callback callback;
        final ReentrantLock lock = new ReentrantLock();
        volatile boolean open = true;

        Stream(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
        }

        boolean send(String event, String data) {
            if (!open) {
                return false;
            }
            byte[] frame = ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            lock.lock();
            try {
                FutureCallback written = new FutureCallback();
                response.write(false, ByteBuffer.wrap(frame), written);
                written.get(15, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                open = false;
                streams.remove(this);
                callback.failed(e);
                return false;
            } finally {
                lock.unlock();
            }
        }
    }

    void subscribe(Response response, Callback callback) throws Exception {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        Stream stream = new Stream(response, callback);
        streams.add(stream);
        stream.send("ready", mapper.writeValueAsString(Map.of("listeners", streams.size())));
    }

    void broadcast(Request request, Response response, Callback callback) throws Exception {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        int count = query.getValue("count") == null ? 1 : Integer.parseInt(query.getValue("count"));
        long delivered = 0;
        for (int i = 0; i < count; i++) {
            String data = "{\"seq\":" + i + ",\"sentMicros\":" + Clock.micros() + "}";
            for (Stream stream : streams) {
                if (stream.send("tick", data)) {
                    delivered++;
                }
            }
        }
        RawJettyServer.send(response, callback, 200, mapper.writeValueAsBytes(Map.of("delivered", delivered)));
    }
}
