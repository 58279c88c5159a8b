package dev.arbor.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The same contract from both stores: the in-memory one, and Redis on the local server (127.0.0.1:6379). */
class SharedStateTest {
    static final String REDIS = System.getProperty("arbor.test.redis", "redis://127.0.0.1:6379/0");

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Lets {@code millis} pass: the hand clock moves for the memory store; Redis keeps its own time, so it sleeps. */
    private interface Wait {
        void pass(long millis) throws InterruptedException;
    }

    private static final Wait SLEEP = Thread::sleep;

    private static void contract(SharedState state, Wait wait) throws Exception {
        String key = "arbor:test:" + UUID.randomUUID();
        assertThat(state.get(key)).isNull();
        assertThat(state.putIfAbsent(key, text("first"), Duration.ofSeconds(30))).isTrue();
        assertThat(state.putIfAbsent(key, text("second"), Duration.ofSeconds(30))).isFalse();
        assertThat(state.get(key)).isEqualTo(text("first"));
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        state.put(key, binary, Duration.ofSeconds(30));
        assertThat(state.get(key)).isEqualTo(binary);
        state.delete(key);
        assertThat(state.get(key)).isNull();

        state.put(key, text("short-lived"), Duration.ofMillis(100));
        wait.pass(150);
        assertThat(state.get(key)).isNull();
        assertThat(state.putIfAbsent(key, text("again"), Duration.ofSeconds(30))).as("an expired key is free").isTrue();
        state.delete(key);

        // Fifty racing claims of one key: exactly one wins.
        String raced = "arbor:test:" + UUID.randomUUID();
        var winners = ConcurrentHashMap.<Integer>newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        var claims = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                claims.add(threads.submit(() -> {
                    start.await();
                    if (state.putIfAbsent(raced, text("x"), Duration.ofSeconds(30))) {
                        winners.add(n);
                    }
                    return null;
                }));
            }
            start.countDown();
        }
        for (var claim : claims) {
            claim.get(); // a claim that threw is a failure, not a loser
        }
        assertThat(winners).hasSize(1);
        state.delete(raced);
    }

    @Test
    void theMemoryStoreKeepsTheContract() throws Exception {
        HandClock clock = new HandClock();
        try (SharedState state = new MemoryState(clock)) {
            contract(state, clock::advance);
        }
    }

    @Test
    void theRedisStoreKeepsTheContract() throws Exception {
        try (SharedState state = RedisState.connect(REDIS)) {
            assertThat(state.describe()).isEqualTo("redis://127.0.0.1:6379/0");
            contract(state, SLEEP);
        }
    }

    @Test
    void aRedisCounterStillCountsAfterRedisForgetsItsScripts() throws Exception {
        try (SharedState state = RedisState.connect(REDIS)) {
            String key = "arbor:test:count:" + UUID.randomUUID();
            assertThat(state.count(key, 1, Duration.ofSeconds(30)).value()).isEqualTo(1);
            assertThat(RawRedis.command("SCRIPT", "FLUSH")).isEqualTo("+OK");
            assertThat(state.count(key, 1, Duration.ofSeconds(30)).value()).as("sent again after NOSCRIPT").isEqualTo(2);
            state.delete(key);
        }
    }

    @Test
    void aRedisAddressIsCheckedAtConnectAndItsPasswordNeverPrinted() {
        assertThatThrownBy(() -> RedisState.connect("redis://:hunter2@127.0.0.1:1/0"))
                .hasMessageContaining("cannot reach Redis at redis://127.0.0.1:1/0").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisState.connect("redis://:hunter2@127.0.0.1:6379/0"))
                .hasMessageContaining("authentication failed").hasMessageNotContaining("hunter2");
        // Addresses refused before connecting: still never the password, even one with /, ?, # or @ in it.
        java.util.Map<String, String> refused = java.util.Map.of("redis://:pa/ss@127.0.0.1:6379/0", "pa/ss",
                "redis://:pa?ss@127.0.0.1:6379/0", "pa?ss", "redis://user:pa#ss@127.0.0.1:6379/0", "pa#ss",
                "redis://:p@ss@127.0.0.1:6379/x", "p@ss", "http://:secret@127.0.0.1:6379", "secret",
                "redis://:pa ss@host/0", "pa ss");
        refused.forEach((address, password) -> assertThatThrownBy(() -> RedisState.connect(address)).as(address)
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(password).hasMessageContaining("***"));
        assertThatThrownBy(() -> RedisState.connect("redis://127.0.0.1:6379/x")).hasMessageContaining("database must be a number");
    }

    @Test
    void aRedisOlderThan7IsRefusedAtStartWithItsVersionNamed() {
        String address = "redis://cache.internal:6379/0";
        String info6 = "# Server\r\nredis_version:6.2.14\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\n";
        assertThat(RedisState.version(info6)).isEqualTo("6.2.14");
        assertThatThrownBy(() -> RedisState.requireRedis7(address, "6.2.14")).isInstanceOf(IllegalStateException.class)
                .hasMessage("Arbor's shared state needs Redis 7 or newer; redis://cache.internal:6379/0 runs 6.2.14");
        assertThatThrownBy(() -> RedisState.requireRedis7(address, RedisState.version("# Server\nredis_version:5.0.7\n")))
                .hasMessage("Arbor's shared state needs Redis 7 or newer; redis://cache.internal:6379/0 runs 5.0.7");
        for (String recent : new String[] {"7.0.0", "7.2.4", "8.0.2", "10.1"}) {
            RedisState.requireRedis7(address, recent);
        }
        // A compatible server that names its version oddly is let through: its scripts will say what they lack.
        RedisState.requireRedis7(address, "unknown");
        assertThat(RedisState.version("# Server\r\nredis_mode:standalone\r\n")).isEqualTo("unknown");
    }

    @Test
    void theLocalRedisPassesTheVersionCheck() {
        try (RedisState state = RedisState.connect(REDIS)) {
            assertThat(state.describe()).startsWith("redis://");
        }
    }

    @Test
    void transientRedisRefusalsAreAnOutageAndOthersAreErrors() {
        for (String transientError : new String[] {"LOADING Redis is loading the dataset in memory",
                "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
                "READONLY You can't write against a read only replica.", "TRYAGAIN Multiple keys request during rehashing of slot",
                "CLUSTERDOWN The cluster is down"}) {
            assertThat(RedisState.refusal("redis://127.0.0.1:6379/0", "EVALSHA", transientError)).as(transientError)
                    .isInstanceOf(StateUnavailable.class).hasMessageContaining("redis://127.0.0.1:6379/0");
        }
        for (String error : new String[] {"ERR unknown command 'PEXPIRETIME'", "NOPERM this user has no permissions",
                "BUSYKEY Target key name already exists.", "WRONGTYPE Operation against a key holding the wrong kind of value"}) {
            assertThat(RedisState.refusal("redis://127.0.0.1:6379/0", "EVALSHA", error)).as(error)
                    .isNotInstanceOf(StateUnavailable.class).isInstanceOf(IllegalStateException.class);
        }
    }

    /**
     * Kills the subscription connection of {@code state} on the local Redis, as a restart or a proxy timeout would;
     * only that one, found by its client name, so that others using this Redis keep theirs.
     */
    static void killSubscriber(RedisState state) throws Exception {
        String name = state.subscriberName();
        String id = null;
        for (String client : RawRedis.command("CLIENT", "LIST", "TYPE", "pubsub").split("\n")) {
            if (client.contains(" name=" + name + " ")) {
                id = client.substring(3, client.indexOf(' '));
            }
        }
        assertThat(id).as("the subscriber %s is not in CLIENT LIST", name).isNotNull();
        assertThat(RawRedis.command("CLIENT", "KILL", "ID", id)).isEqualTo(":1");
    }

    @Test
    void aRedisSubscriberGetsEveryInstancesMessagesAndIsToldOfAGapWhenItsConnectionIsLost() throws Exception {
        String channel = "arbor:test:" + UUID.randomUUID();
        var received = new java.util.concurrent.LinkedBlockingQueue<String>();
        var gaps = new java.util.concurrent.atomic.AtomicInteger();
        try (RedisState listener = RedisState.connect(REDIS); RedisState other = RedisState.connect(REDIS);
             RedisState otherDatabase = RedisState.connect(REDIS.replaceAll("/\\d+$", "/1"))) {
            listener.subscribe(channel, received::add, gaps::incrementAndGet);
            // Told once the subscription is in place.
            await("the subscription starts").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> gaps.get() > 0);
            otherDatabase.publish(channel, "from an app on another database");
            other.publish(channel, "from the other instance");
            listener.publish(channel, "from itself");
            assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("from the other instance");
            assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("from itself");

            int before = gaps.get();
            killSubscriber(listener);
            // Once at the loss, once when subscribed again.
            await("a gap reported at the loss and after the reconnection").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> gaps.get() >= before + 2);
            other.publish(channel, "after the reconnection");
            assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("after the reconnection");
        }
    }

    /** The counter contract: atomic, expiring from its first count, never created by a decrement. */
    private static void counts(SharedState state, Wait wait) throws Exception {
        String key = "arbor:test:count:" + UUID.randomUUID();
        assertThat(state.count(key, -1, Duration.ofSeconds(30))).as("taking back from nothing creates nothing")
                .isEqualTo(new SharedState.Count(0, Duration.ZERO, 0));
        assertThat(state.count(key, 0, Duration.ofSeconds(30)).value()).isZero();
        SharedState.Count first = state.count(key, 1, Duration.ofSeconds(30));
        assertThat(first.value()).isEqualTo(1);
        assertThat(first.expiresIn()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        assertThat(state.count(key, 2, Duration.ofHours(1)).expiresIn()).as("the first count sets the expiry")
                .isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(state.count(key, -1, Duration.ofSeconds(30)).value()).isEqualTo(2);
        assertThat(state.count(key, 0, Duration.ofSeconds(30)).value()).isEqualTo(2);
        state.delete(key);
        assertThat(state.count(key, 0, Duration.ofSeconds(30)).value()).isZero();

        String shortLived = "arbor:test:count:" + UUID.randomUUID();
        state.count(shortLived, 5, Duration.ofMillis(100));
        wait.pass(150);
        assertThat(state.count(shortLived, 1, Duration.ofSeconds(30)).value()).as("an expired counter starts again").isEqualTo(1);
        state.delete(shortLived);

        // A hundred racing increments of one key: every one counted once.
        String raced = "arbor:test:count:" + UUID.randomUUID();
        var seen = ConcurrentHashMap.<Long>newKeySet();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                threads.submit(() -> seen.add(state.count(raced, 1, Duration.ofSeconds(30)).value()));
            }
        }
        assertThat(seen).hasSize(100).contains(1L, 100L);
        state.delete(raced);
    }

    @Test
    void theMemoryStoreCountsAtomicallyWithExpiry() throws Exception {
        HandClock clock = new HandClock();
        try (SharedState state = new MemoryState(clock)) {
            counts(state, clock::advance);
        }
    }

    @Test
    void theRedisStoreCountsAtomicallyWithExpiry() throws Exception {
        try (SharedState state = RedisState.connect(REDIS)) {
            counts(state, SLEEP);
        }
    }

    /** A decrement never takes a counter below 0, whatever it was given. */
    private static void neverBelowZero(SharedState state) {
        String key = "arbor:test:count:" + UUID.randomUUID();
        state.count(key, 1, Duration.ofSeconds(30));
        assertThat(state.count(key, -1, Duration.ofSeconds(30)).value()).isZero();
        assertThat(state.count(key, -1, Duration.ofSeconds(30)).value()).as("clamped at 0").isZero();
        assertThat(state.count(key, -5, Duration.ofSeconds(30)).value()).isZero();
        assertThat(state.count(key, 1, Duration.ofSeconds(30)).value()).as("one more is one, not -6").isEqualTo(1);
        state.delete(key);
    }

    /** A slot goes back only into the window it was counted in, and never below 0. */
    private static void givesBackOnlyIntoTheSameWindow(SharedState state, Wait wait) throws Exception {
        neverBelowZero(state);
        String key = "arbor:test:count:" + UUID.randomUUID();
        long first = state.count(key, 1, Duration.ofMillis(200)).window();
        assertThat(state.count(key, 1, Duration.ofMillis(200)).window()).as("one window, one identity").isEqualTo(first);
        state.giveBack(key, first);
        assertThat(state.count(key, 0, Duration.ofMillis(200)).value()).isEqualTo(1);
        wait.pass(300);
        SharedState.Count next = state.count(key, 1, Duration.ofSeconds(30));
        assertThat(next.window()).as("a new window").isNotEqualTo(first);
        state.giveBack(key, first);
        assertThat(state.count(key, 0, Duration.ofSeconds(30)).value()).as("nothing taken from the next window").isEqualTo(1);
        state.giveBack(key, next.window());
        state.giveBack(key, next.window());
        assertThat(state.count(key, 0, Duration.ofSeconds(30)).value()).as("not below 0").isZero();
        state.delete(key);
        long deleted = state.count(key, 1, Duration.ofSeconds(30)).window();
        state.delete(key);
        wait.pass(5); // Redis knows a window by its end to the millisecond
        state.count(key, 1, Duration.ofSeconds(30));
        state.giveBack(key, deleted);
        assertThat(state.count(key, 0, Duration.ofSeconds(30)).value()).as("a deleted counter's window is over").isEqualTo(1);
        state.delete(key);
    }

    @Test
    void theMemoryStoreNeverCountsBelowZeroAndGivesBackOnlyIntoTheSameWindow() throws Exception {
        HandClock clock = new HandClock();
        try (SharedState state = new MemoryState(clock)) {
            givesBackOnlyIntoTheSameWindow(state, clock::advance);
        }
    }

    @Test
    void theRedisStoreNeverCountsBelowZeroAndGivesBackOnlyIntoTheSameWindow() throws Exception {
        try (SharedState state = RedisState.connect(REDIS)) {
            givesBackOnlyIntoTheSameWindow(state, SLEEP);
        }
    }

    @Test
    void aFullGroupOfCountersTakesNewOnesByForgettingTheLeastCountedAndLeavesOtherGroupsAlone() {
        HandClock clock = new HandClock();
        try (SharedState state = new MemoryState(clock, Long.MAX_VALUE, 100)) {
            for (int i = 0; i < 5; i++) {
                state.count("arbor:rate:account:guessed", 1, Duration.ofMinutes(1));
            }
            state.count("arbor:rate:address:kept", 1, Duration.ofMinutes(1));
            for (int i = 0; i < 1000; i++) {
                assertThat(state.count("arbor:rate:account:flood" + i, 1, Duration.ofMinutes(1)).value())
                        .as("a new key is counted, never refused").isEqualTo(1);
            }
            assertThat(state.count("arbor:rate:account:guessed", 0, Duration.ofMinutes(1)).value())
                    .as("counted often, so kept").isEqualTo(5);
            assertThat(state.count("arbor:rate:address:kept", 0, Duration.ofMinutes(1)).value())
                    .as("another group has its own room").isEqualTo(1);
            long kept = java.util.stream.IntStream.range(0, 1000)
                    .filter(i -> state.count("arbor:rate:account:flood" + i, 0, Duration.ofMinutes(1)).value() > 0).count();
            assertThat(kept).as("the group stays within its budget").isLessThanOrEqualTo(100);
        }
    }
}
