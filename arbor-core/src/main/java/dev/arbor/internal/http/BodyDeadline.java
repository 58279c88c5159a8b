package dev.arbor.internal.http;

import dev.arbor.Limits;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The slow-POST defence: a request body must arrive within {@link Limits#bodyReadTimeout()} of the server's first
 * read of it, plus one second for every {@link Limits#minBodyRate()} bytes received (Apache's mod_reqtimeout
 * rule). The clock starts at the first read, not at the head: until then the server had not asked (and a client
 * sending {@code Expect: 100-continue} had not been told to send).
 * The idle timeout cannot do this, because every byte renews it. Past the deadline every read fails with
 * {@link TooSlow}, which the readers answer 408; the rest of the body stays unread, so the connection is closed.
 *
 * <p>Checked as each chunk is read, so nothing runs per request beyond a clock read; a client that sends
 * nothing at all while a read waits is closed by the idle timeout instead.
 */
final class BodyDeadline extends Request.Wrapper {
    /** Why a body read failed: the client sent it too slowly. */
    static final class TooSlow extends TimeoutException {
        TooSlow(String message) {
            super(message);
        }
    }

    /** The limits in the units a read checks, worked out once per server. */
    record Rule(long baseNanos, long nanosPerByte) {
        static Rule of(Limits limits) {
            long base;
            try {
                base = limits.bodyReadTimeout().toNanos();
            } catch (ArithmeticException centuries) {
                base = Long.MAX_VALUE; // a way to say "off", not an exception in every request
            }
            return new Rule(base, Math.max(1, 1_000_000_000L / limits.minBodyRate()));
        }

        /** {@code request} itself when it has no body, so that a GET costs nothing. */
        Request wrap(Request request) {
            return RequestBody.sent(request) ? new BodyDeadline(request, this) : request;
        }
    }

    private final long baseNanos;
    private final long nanosPerByte;
    private long began;
    private boolean reading;
    private long received;
    private Content.Chunk failure;

    private BodyDeadline(Request request, Rule rule) {
        super(request);
        this.baseNanos = rule.baseNanos();
        this.nanosPerByte = rule.nanosPerByte();
    }

    /** Whether {@code failure} (a body reader's exception) or one of its causes is a body sent too slowly. */
    static boolean causedBy(Throwable failure) {
        return Causes.find(failure, cause -> cause instanceof TooSlow) != null;
    }

    @Override
    public Content.Chunk read() {
        if (failure != null) {
            return failure;
        }
        if (!reading) {
            reading = true;
            began = System.nanoTime();
        }
        Content.Chunk chunk = super.read();
        if (chunk == null || Content.Chunk.isFailure(chunk)) {
            return chunk;
        }
        received += chunk.remaining();
        if (chunk.isLast()) {
            return chunk; // all of it arrived: however late, nothing is left to wait for
        }
        // Saturating: an app allowing huge uploads at a tiny rate must not overflow into an instant 408.
        long allowed = received > (Long.MAX_VALUE - baseNanos) / nanosPerByte ? Long.MAX_VALUE : baseNanos + received * nanosPerByte;
        if (System.nanoTime() - began > allowed) {
            chunk.release();
            failure = Content.Chunk.from(new TooSlow("The request body arrived too slowly: " + received
                    + " bytes in " + (System.nanoTime() - began) / 1_000_000_000 + " s"), true);
            return failure;
        }
        return chunk;
    }
}
