package dev.arbor.internal.http;

import dev.arbor.SseStream;
import dev.arbor.internal.bind.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/**
 * One open event stream. Writes are serialized by a lock (Jetty allows one pending write) and bounded by a
 * timeout, so a client that stops reading is dropped instead of holding a thread. The exchange's callback
 * completes exactly once, when the stream closes.
 */
final class SseSession implements SseStream {
    private static final long WRITE_TIMEOUT_SECONDS = 15;
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private final org.eclipse.jetty.server.Response response;
    private final Callback callback;
    private final Consumer<SseSession> onEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeCallbacks = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> heartbeat;

    SseSession(org.eclipse.jetty.server.Response response, Callback callback, Consumer<SseSession> onEnd) {
        this.response = response;
        this.callback = callback;
        this.onEnd = onEnd;
    }

    void heartbeat(ScheduledFuture<?> task) {
        this.heartbeat = task;
        if (closed.get()) {
            task.cancel(false);
        }
    }

    @Override
    public boolean send(String event, Object data) {
        StringBuilder frame = new StringBuilder(64);
        if (event != null) {
            if (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("an event name is one line");
            }
            frame.append("event: ").append(event).append('\n');
        }
        String text = data instanceof String s ? s : new String(Json.write(data), StandardCharsets.UTF_8);
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            // The usual one-line payload (JSON): no regex split per event and subscriber.
            frame.append("data: ").append(text).append('\n');
        } else {
            for (String line : text.split("\r\n|\r|\n", -1)) {
                frame.append("data: ").append(line).append('\n');
            }
        }
        frame.append('\n');
        return write(frame.toString().getBytes(StandardCharsets.UTF_8));
    }

    void ping() {
        write(PING);
    }

    private boolean write(byte[] bytes) {
        if (closed.get()) {
            return false;
        }
        lock.lock();
        try {
            if (closed.get()) {
                return false;
            }
            FutureCallback written = new FutureCallback();
            response.write(false, ByteBuffer.wrap(bytes), written);
            written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            fail(e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void onClose(Runnable callback) {
        closeCallbacks.add(callback);
        if (closed.get() && closeCallbacks.remove(callback)) {
            callback.run();
        }
    }

    @Override
    public void close() {
        if (end()) {
            lock.lock();
            try {
                response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            } finally {
                lock.unlock();
            }
        }
    }

    /** The client went away or a write failed: abort the exchange. */
    void fail(Throwable cause) {
        if (end()) {
            callback.failed(cause);
        }
    }

    private boolean end() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> task = heartbeat;
        if (task != null) {
            task.cancel(false);
        }
        onEnd.accept(this);
        for (Runnable closeCallback : closeCallbacks) {
            if (closeCallbacks.remove(closeCallback)) {
                try {
                    closeCallback.run();
                } catch (RuntimeException ignored) {
                    // One subscriber's failure must not keep the others registered.
                }
            }
        }
        return true;
    }
}
