package dev.arbor.internal.state;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SharedState} in this process's memory: right for one instance, lost at restart. Expired entries are
 * dropped on read and by a sweep every 4,096 writes. The values may hold at most {@code maxBytes} in all: a write
 * past that, once expired entries are swept, throws, so that clients sending many keyed requests cannot grow the
 * heap without bound. While the store is full it is swept at most once a second, and the writes in between are
 * refused at once: sweeping for each of them would make every request of a flood scan every entry.
 * Thread-safe without locks.
 */
public final class MemoryState implements SharedState {
    /** What idempotency records may take in memory: about 64 answers of 1 MiB, or thousands of small ones. */
    public static final long IDEMPOTENCY_BUDGET = 64L * 1024 * 1024;

    private static final long NEVER = Long.MIN_VALUE;
    private static final long FULL_SWEEP_INTERVAL_MILLIS = 1000;

    private record Entry(byte[] value, long expiresAtMillis) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastFullSweep = new AtomicLong(NEVER);
    private final Clock clock;
    private final long maxBytes;

    /** A store without a size limit, for entries whose number the app bounds (revoked session ids). */
    public MemoryState(Clock clock) {
        this(clock, Long.MAX_VALUE);
    }

    public MemoryState(Clock clock, long maxBytes) {
        this.clock = clock;
        this.maxBytes = maxBytes;
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
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        entries.clear();
        bytes.set(0);
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
