package dev.arbor.internal.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SharedState} in this process's memory: right for one instance, lost at restart. Expired entries are
 * dropped on read and by a sweep every 4,096 writes. The values may hold at most {@code maxBytes} in all: a write
 * past that, once expired entries are swept, throws, so that clients sending many keyed requests cannot grow the
 * heap without bound. While the store is full it is swept at most once a second, and the writes in between are
 * refused at once: sweeping for each of them would make every request of a flood scan every entry.
 *
 * <p>Counters live apart from the values, in a Caffeine cache that drops each one when it expires, at most
 * {@value #MAX_COUNTERS} of them by default. A full cache refuses new counters rather than evicting old ones:
 * eviction would forget the failures of whoever an attacker wants to lock out or let guess, so a flood of keys
 * fails closed (new keys count as over their limit until counters expire). Thread-safe.
 */
public final class MemoryState implements SharedState {
    /** What idempotency records may take in memory: about 64 answers of 1 MiB, or thousands of small ones. */
    public static final long IDEMPOTENCY_BUDGET = 64L * 1024 * 1024;

    /** Counters kept at most, by default: about 10 MB of keys and values. */
    public static final int MAX_COUNTERS = 100_000;

    private static final long NEVER = Long.MIN_VALUE;
    private static final long FULL_SWEEP_INTERVAL_MILLIS = 1000;

    private record Entry(byte[] value, long expiresAtMillis) {}

    private record Counter(long value, long expiresAtMillis) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastFullSweep = new AtomicLong(NEVER);
    private final Clock clock;
    private final long maxBytes;
    private final int maxCounters;
    private final Cache<String, Counter> counters;

    /** A store without a size limit, for entries whose number the app bounds (revoked session ids). */
    public MemoryState(Clock clock) {
        this(clock, Long.MAX_VALUE);
    }

    public MemoryState(Clock clock, long maxBytes) {
        this(clock, maxBytes, MAX_COUNTERS);
    }

    MemoryState(Clock clock, long maxBytes, int maxCounters) {
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.maxCounters = maxCounters;
        // Caffeine's clock is the store's, so a test moving the clock expires counters as it would expire values.
        this.counters = Caffeine.newBuilder()
                .executor(Runnable::run) // clean-ups on the counting thread, not the common pool
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Counter>() {
                    @Override
                    public long expireAfterCreate(String key, Counter counter, long now) {
                        return Math.max(0, TimeUnit.MILLISECONDS.toNanos(counter.expiresAtMillis) - now);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Counter counter, long now, long left) {
                        return expireAfterCreate(key, counter, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Counter counter, long now, long left) {
                        return left;
                    }
                })
                .build();
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        makeRoom(value.length);
        long now = clock.millis();
        Entry fresh = new Entry(value.clone(), now + ttl.toMillis());
        // Replaces an expired entry atomically, as Redis's SET NX would see it as absent.
        Entry result = entries.compute(key, (k, old) -> {
            if (old == null || old.expiresAtMillis <= now) {
                bytes.addAndGet(fresh.value.length - (old == null ? 0 : old.value.length));
                return fresh;
            }
            return old;
        });
        return result == fresh;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        makeRoom(value.length);
        Entry fresh = new Entry(value.clone(), clock.millis() + ttl.toMillis());
        entries.compute(key, (k, old) -> {
            bytes.addAndGet(fresh.value.length - (old == null ? 0 : old.value.length));
            return fresh;
        });
    }

    @Override
    public byte[] get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAtMillis <= clock.millis()) {
            remove(key, entry);
            return null;
        }
        return entry.value.clone();
    }

    @Override
    public void delete(String key) {
        entries.computeIfPresent(key, (k, old) -> {
            bytes.addAndGet(-old.value.length);
            return null;
        });
        counters.invalidate(key); // as Redis's DEL removes a key whatever it holds
    }

    @Override
    public Count count(String key, long delta, Duration ttl) {
        long now = clock.millis();
        var map = counters.asMap();
        if (delta > 0 && !map.containsKey(key) && noRoomForCounters()) {
            return new Count(Long.MAX_VALUE, ttl);
        }
        Counter counter = map.compute(key, (k, old) -> {
            // Caffeine may hand over an entry that expired since its last clean-up; it counts as absent.
            boolean live = old != null && old.expiresAtMillis > now;
            if (!live) {
                return delta > 0 ? new Counter(delta, now + ttl.toMillis()) : null;
            }
            return delta == 0 ? old : new Counter(old.value + delta, old.expiresAtMillis);
        });
        return counter == null ? new Count(0, Duration.ZERO) : new Count(counter.value, Duration.ofMillis(counter.expiresAtMillis - now));
    }

    private boolean noRoomForCounters() {
        if (counters.estimatedSize() < maxCounters) {
            return false;
        }
        counters.cleanUp(); // drops what expired since Caffeine last looked
        return counters.estimatedSize() >= maxCounters;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        entries.clear();
        bytes.set(0);
        counters.invalidateAll();
    }

    private void remove(String key, Entry entry) {
        entries.computeIfPresent(key, (k, old) -> {
            if (old != entry) {
                return old;
            }
            bytes.addAndGet(-old.value.length);
            return null;
        });
    }

    private void makeRoom(int incoming) {
        boolean full = bytes.get() + incoming > maxBytes;
        if (!full && writes.incrementAndGet() % 4096 != 0) {
            return;
        }
        long now = clock.millis();
        if (full) {
            long last = lastFullSweep.get();
            // A wall clock stepped back (now < last) must not stop sweeps until it catches up.
            if (last != NEVER && now >= last && now - last < FULL_SWEEP_INTERVAL_MILLIS || !lastFullSweep.compareAndSet(last, now)) {
                throw full();
            }
        }
        entries.forEach((key, entry) -> {
            if (entry.expiresAtMillis <= now) {
                remove(key, entry);
            }
        });
        if (bytes.get() + incoming > maxBytes) {
            throw full();
        }
    }

    private StateUnavailable full() {
        return new StateUnavailable("the in-memory shared state is full (" + maxBytes + " bytes)", null);
    }
}
