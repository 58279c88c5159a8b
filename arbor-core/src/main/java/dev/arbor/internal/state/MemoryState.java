package dev.arbor.internal.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * {@link SharedState} in this process's memory: right for one instance, lost at restart. Values live in a Caffeine
 * cache that expires each one at its own time on the store's clock, so a value nobody reads again still goes,
 * without a sweep. The values may weigh at most {@code maxBytes} in all (a value, two bytes a character of its key,
 * and {@value #ENTRY_OVERHEAD} for the entry itself): a write past that throws instead of evicting, because what
 * an eviction would drop is a revoked session id (the session would open again) or an idempotency claim (the
 * request would run twice). Expired values give their bytes back as Caffeine drops them, within about a second of
 * their time (its timer wheel's finest step); a write that finds the store full lets Caffeine catch up first.
 *
 * <p>Counters live apart from the values, one Caffeine cache per group (a rate limit's name, see
 * {@link SharedState#count}) that drops each counter when it expires, at most {@value #MAX_COUNTERS} counters per
 * group by default. A full group takes new counters by dropping its lowest tenth by count: what a flood of new
 * keys pushes out is counters at 1 or 2, worth little to anyone, while a counter is dropped only when nine tenths
 * of its group count at least as high. Refusing new keys instead would let a thousand addresses trying made-up
 * e-mails lock out every owner for a whole window. The groups are as many as the app has limit names. Thread-safe.
 */
public final class MemoryState implements SharedState {
    /** What idempotency records may take in memory: about 64 answers of 1 MiB, or thousands of small ones. */
    public static final long IDEMPOTENCY_BUDGET = 64L * 1024 * 1024;

    /**
     * What the values may take when the caller names no budget (revoked session ids): about 300,000 revocations
     * within one session lifetime, far more than one instance's logins and logouts, yet a bound.
     */
    public static final long DEFAULT_BUDGET = 64L * 1024 * 1024;

    /** Counters kept at most per group (rate limit name), by default: about 10 MB of keys and values. */
    public static final int MAX_COUNTERS = 50_000;

    /** What an entry costs besides its key's characters and its value: Caffeine's node, the record, object headers. */
    static final int ENTRY_OVERHEAD = 128;

    /** Expiry instants are on the store's {@link #ticker}, in nanoseconds, the time base Caffeine expires by. */
    private record Entry(byte[] value, long expiresAtNanos) {}

    private record Counter(long value, long expiresAtNanos, long window) {}

    private final Cache<String, Entry> values;
    /** The weight of every value the cache holds: added before a write, taken off by the removal listener. */
    private final AtomicLong bytes = new AtomicLong();
    private final Ticker ticker;
    private final long maxBytes;
    private final int maxCounters;
    private final ConcurrentHashMap<String, Cache<String, Counter>> counters = new ConcurrentHashMap<>();
    private final AtomicLong windows = new AtomicLong();
    private final ReentrantLock evicting = new ReentrantLock();

    /** A store for entries whose number the app bounds (revoked session ids), within {@link #DEFAULT_BUDGET}. */
    public MemoryState(Clock clock) {
        this(clock, DEFAULT_BUDGET);
    }

    public MemoryState(Clock clock, long maxBytes) {
        this(clock, maxBytes, MAX_COUNTERS);
    }

    MemoryState(Clock clock, long maxBytes, int maxCounters) {
        // Caffeine's clock is the store's, so a test moving the clock expires values and counters as time would.
        this.ticker = tickerFor(clock);
        this.maxBytes = maxBytes;
        this.maxCounters = maxCounters;
        this.values = Caffeine.newBuilder()
                .executor(Runnable::run) // clean-ups and notices on the writing thread, not the common pool
                .ticker(ticker)
                .expireAfter(new UntilDue<String, Entry>(Entry::expiresAtNanos))
                // Every value that leaves, however (replaced, deleted, expired), is told here exactly once.
                .removalListener((String key, Entry entry, RemovalCause cause) -> bytes.addAndGet(-weight(key, entry.value.length)))
                .build();
    }

    /**
     * The time base for expiring entries on {@code clock}: the system's monotonic ticker ({@link System#nanoTime})
     * when {@code clock} is the system clock ({@code Clock.systemUTC()}, the builder's default, or
     * {@code Clock.systemDefaultZone()}), so that a wall clock stepped back or forward (NTP, an operator) neither
     * stretches nor cuts short a cache's staleness or a rate limit's window; the clock itself, read to the
     * millisecond, when another one was configured (a test's clock that it moves by hand). The rule is equality
     * with those two clocks: any other {@link Clock}, even a subclass reporting the system's time and zone, is
     * followed as it reads.
     */
    public static Ticker tickerFor(Clock clock) {
        if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
            return Ticker.systemTicker();
        }
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    /** What a value weighs against the budget. */
    static long weight(String key, int valueLength) {
        return valueLength + 2L * key.length() + ENTRY_OVERHEAD;
    }

    /** The weight the values hold now, for tests. */
    long bytes() {
        return bytes.get();
    }

    /** The counters of {@code key}'s group; there are as many groups as the app has limit names. */
    private Cache<String, Counter> group(String key) {
        return counters.computeIfAbsent(groupOf(key), name -> newGroup());
    }

    private static String groupOf(String key) {
        return key.substring(0, Math.max(0, key.lastIndexOf(':')));
    }

    private Cache<String, Counter> newGroup() {
        return Caffeine.newBuilder()
                .executor(Runnable::run) // clean-ups on the counting thread, not the common pool
                .ticker(ticker)
                .expireAfter(new UntilDue<String, Counter>(Counter::expiresAtNanos))
                .build();
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        long weight = reserve(key, value);
        // Caffeine takes an expired value as absent, as Redis's SET NX does, and tells the listener it went.
        boolean stored = values.asMap().putIfAbsent(key, entry(value, ttl)) == null;
        if (!stored) {
            bytes.addAndGet(-weight);
        }
        return stored;
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        reserve(key, value);
        values.put(key, entry(value, ttl));
    }

    private Entry entry(byte[] value, Duration ttl) {
        return new Entry(value.clone(), ticker.read() + ttl.toNanos());
    }

    @Override
    public byte[] get(String key) {
        Entry entry = values.getIfPresent(key);
        return entry == null ? null : entry.value.clone();
    }

    @Override
    public void delete(String key) {
        values.invalidate(key);
        Cache<String, Counter> group = counters.get(groupOf(key));
        if (group != null) {
            group.invalidate(key); // as Redis's DEL removes a key whatever it holds
        }
    }

    /**
     * Counts a write's weight in before it is made, so that racing writes cannot pass the budget together; a write
     * that would pass it first lets Caffeine drop what has expired, then throws if that was not enough.
     */
    private long reserve(String key, byte[] value) {
        long weight = weight(key, value.length);
        if (bytes.addAndGet(weight) <= maxBytes) {
            return weight;
        }
        values.cleanUp();
        if (bytes.get() <= maxBytes) {
            return weight;
        }
        bytes.addAndGet(-weight);
        throw new StateUnavailable("the in-memory shared state is full (" + maxBytes + " bytes)", null);
    }

    @Override
    public Count count(String key, long delta, Duration ttl) {
        long now = ticker.read();
        Cache<String, Counter> group = group(key);
        if (delta > 0 && group.estimatedSize() >= maxCounters && !group.asMap().containsKey(key)) {
            makeRoomForCounter(group);
        }
        Counter counter = group.asMap().compute(key, (k, old) -> {
            // Caffeine may hand over an entry that expired since its last clean-up; it counts as absent.
            boolean live = old != null && old.expiresAtNanos - now > 0;
            if (!live) {
                return delta > 0 ? new Counter(delta, now + ttl.toNanos(), windows.incrementAndGet()) : null;
            }
            return delta == 0 ? old : new Counter(Math.max(0, old.value + delta), old.expiresAtNanos, old.window);
        });
        return counter == null ? new Count(0, Duration.ZERO, 0)
                : new Count(counter.value, Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(counter.expiresAtNanos - now)), counter.window);
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
        long now = ticker.read();
        group(key).asMap().computeIfPresent(key, (k, old) -> old.expiresAtNanos - now <= 0 ? null
                : old.window == window && old.value > 0 ? new Counter(old.value - 1, old.expiresAtNanos, old.window) : old);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public boolean publishes() {
        return false; // no other instance to tell
    }

    @Override
    public void close() {
        values.invalidateAll();
        counters.values().forEach(Cache::invalidateAll);
    }

    /**
     * Expires an entry at the instant it carries, on the store's ticker (the one Caffeine passes as {@code now});
     * a read does not extend it, and a new value brings its own. Redis's {@code PX} and {@code PEXPIREAT} keep
     * time the same way.
     */
    private record UntilDue<K, V>(ToLongFunction<V> dueNanos) implements Expiry<K, V> {
        @Override
        public long expireAfterCreate(K key, V value, long now) {
            return Math.max(0, dueNanos.applyAsLong(value) - now);
        }

        @Override
        public long expireAfterUpdate(K key, V value, long now, long left) {
            return expireAfterCreate(key, value, now);
        }

        @Override
        public long expireAfterRead(K key, V value, long now, long left) {
            return left;
        }
    }
}
