package dev.arbor.internal.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link SharedState} in this process's memory: right for one instance, lost at restart. Expired entries are
 * dropped on read and by a sweep every 4,096 writes. The values may hold at most {@code maxBytes} in all: a write
 * past that, once expired entries are swept, throws, so that clients sending many keyed requests cannot grow the
 * heap without bound. While the store is full it is swept at most once a second, and the writes in between are
 * refused at once: sweeping for each of them would make every request of a flood scan every entry.
 *
 * <p>Counters live apart from the values, one Caffeine cache per group (a rate limit's name, see
 * {@link SharedState#count}) that drops each counter when it expires, at most {@value #MAX_COUNTERS} counters per
 * group by default. A full group takes new counters by dropping its lowest tenth by count: what a flood of new
 * keys pushes out is counters at 1 or 2, worth little to anyone, while a counter is dropped only when nine tenths
 * of its group count at least as high. Refusing new keys instead would let a thousand addresses trying made-up
 * e-mails lock out every owner for a whole window. Thread-safe.
 */
public final class MemoryState implements SharedState {
    /** What idempotency records may take in memory: about 64 answers of 1 MiB, or thousands of small ones. */
    public static final long IDEMPOTENCY_BUDGET = 64L * 1024 * 1024;

    /** Counters kept at most per group (rate limit name), by default: about 10 MB of keys and values. */
    public static final int MAX_COUNTERS = 50_000;

    private static final long NEVER = Long.MIN_VALUE;
    private static final long FULL_SWEEP_INTERVAL_MILLIS = 1000;

    private record Entry(byte[] value, long expiresAtMillis) {}

    private record Counter(long value, long expiresAtMillis, long window) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastFullSweep = new AtomicLong(NEVER);
    private final Clock clock;
    private final long maxBytes;
    private final int maxCounters;
    private final ConcurrentHashMap<String, Cache<String, Counter>> counters = new ConcurrentHashMap<>();
    private final AtomicLong windows = new AtomicLong();
    private final ReentrantLock evicting = new ReentrantLock();

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
    }

    /** The counters of {@code key}'s group; there are as many groups as the app has limit names. */
    private Cache<String, Counter> group(String key) {
        return counters.computeIfAbsent(groupOf(key), name -> newGroup());
    }

    private static String groupOf(String key) {
        return key.substring(0, Math.max(0, key.lastIndexOf(':')));
    }

    private Cache<String, Counter> newGroup() {
        // Caffeine's clock is the store's, so a test moving the clock expires counters as it would expire values.
        return Caffeine.newBuilder()
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
        Cache<String, Counter> group = counters.get(groupOf(key));
        if (group != null) {
            group.invalidate(key); // as Redis's DEL removes a key whatever it holds
        }
    }

    @Override
    public Count count(String key, long delta, Duration ttl) {
        long now = clock.millis();
        Cache<String, Counter> group = group(key);
        if (delta > 0 && group.estimatedSize() >= maxCounters && !group.asMap().containsKey(key)) {
            makeRoomForCounter(group);
        }
        Counter counter = group.asMap().compute(key, (k, old) -> {
            // Caffeine may hand over an entry that expired since its last clean-up; it counts as absent.
            boolean live = old != null && old.expiresAtMillis > now;
            if (!live) {
                return delta > 0 ? new Counter(delta, now + ttl.toMillis(), windows.incrementAndGet()) : null;
            }
            return delta == 0 ? old : new Counter(Math.max(0, old.value + delta), old.expiresAtMillis, old.window);
        });
        return counter == null ? new Count(0, Duration.ZERO, 0)
                : new Count(counter.value, Duration.ofMillis(counter.expiresAtMillis - now), counter.window);
    }

    /**
     * Drops what has expired, and if the group is still full, its lowest tenth by count: one sort per several
     * thousand new keys, where finding the single lowest counter for each new key of a flood would scan them all.
     * Only one thread sorts at a time; others count on meanwhile, a little over the budget.
     */
    private void makeRoomForCounter(Cache<String, Counter> group) {
        if (!evicting.tryLock()) {
            return;
        }
        try {
            group.cleanUp();
            long over = group.estimatedSize() - maxCounters;
            if (over < 0) {
                return;
            }
            var map = group.asMap();
            map.entrySet().stream()
                    .map(counter -> Map.entry(counter.getKey(), counter.getValue()))
                    .sorted(Comparator.comparingLong(counter -> counter.getValue().value))
                    .limit(over + Math.max(1, maxCounters / 10))
                    .toList()
                    .forEach(counter -> map.remove(counter.getKey(), counter.getValue()));
        } finally {
            evicting.unlock();
        }
    }

    @Override
    public void giveBack(String key, long window) {
        long now = clock.millis();
        group(key).asMap().computeIfPresent(key, (k, old) -> old.expiresAtMillis <= now ? null
                : old.window == window && old.value > 0 ? new Counter(old.value - 1, old.expiresAtMillis, old.window) : old);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        entries.clear();
        bytes.set(0);
        counters.values().forEach(Cache::invalidateAll);
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
