package dev.arbor.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it, so that a test of anything that expires (a session, a form's
 * sealed values, a cached page, an {@code Idempotency-Key}, a rate-limit window) moves time past the expiry instead
 * of sleeping through it. Give it to the server with {@code Arbor.Builder.clock}; the server's requests and the
 * test then read one time.
 *
 * <pre>{@code
 * TestClock clock = new TestClock();
 * ArborTest.run(Arbor.builder().clock(clock).routes(App_.ROUTES), (server, client) -> {
 *     String form = client.get("/notes").body();
 *     clock.advance(Duration.ofHours(25));        // past the 24 h lifetime of the form's bound values
 *     // … posting the form now is answered as out of date
 * });
 * }</pre>
 *
 * <p>Thread-safe: handlers on the server's threads read it while the test advances it. Its zone is UTC; a clock
 * from {@link #withZone} reads the same moving instant.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock at the real time now, to the millisecond, which then stands still. */
    public TestClock() {
        this(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /** A clock at {@code start}, which then stands still. */
    public TestClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the clock forward by {@code duration} and answers the new instant.
     *
     * @throws IllegalArgumentException for a negative duration: to step back, as a wall clock may, use {@link #set}
     */
    public Instant advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance moves forward; to step the clock back, set it");
        }
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Sets the clock to {@code instant}, before or after where it stands. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** This clock seen in {@code zone}: the same instant, moved by this clock's {@link #advance} and {@link #set}. */
    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new TestClock(now, zone);
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + "]";
    }
}
