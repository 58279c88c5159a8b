package dev.arbor.internal.state;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SharedState} in this process's memory: right for one instance, lost at restart. Expired entries are
 * dropped on read and by a sweep every 4,096 writes, so the map holds at most what is alive plus one sweep's
 * worth. Thread-safe without locks.
 */
public final class MemoryState implements SharedState {
    private record Entry(byte[] value, long expiresAtMillis) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final Clock clock;

    public MemoryState(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        sweepSometimes();
        long now = clock.millis();
        Entry fresh = new Entry(value.clone(), now + ttl.toMillis());
        // Replaces an expired entry atomically, as Redis's SET NX would see it as absent.
        Entry result = entries.compute(key, (k, old) -> old == null || old.expiresAtMillis <= now ? fresh : old);
        return result == fresh;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        sweepSometimes();
        entries.put(key, new Entry(value.clone(), clock.millis() + ttl.toMillis()));
    }

    @Override
    public byte[] get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAtMillis <= clock.millis()) {
            entries.remove(key, entry);
            return null;
        }
        return entry.value.clone();
    }

    @Override
    public void delete(String key) {
        entries.remove(key);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        entries.clear();
    }

    private void sweepSometimes() {
        if (writes.incrementAndGet() % 4096 == 0) {
            long now = clock.millis();
            entries.values().removeIf(e -> e.expiresAtMillis <= now);
        }
    }
}
