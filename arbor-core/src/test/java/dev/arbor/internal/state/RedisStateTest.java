package dev.arbor.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.SslOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the Redis store connects and fails, against the local Redis: signing in, the database, TLS, timeouts, outages,
 * and the subscription's gaps. Outages are made with a {@link RedisRelay} in front of Redis, so that the Redis the
 * other tests share is never paused or restarted.
 */
class RedisStateTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void eventually(String what, java.util.concurrent.Callable<Boolean> done) {
        await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(done);
    }

    @Test
    void anAclUserSignsInWithTheAddressesNameAndPasswordAndWritesToTheAddressesDatabase() throws Exception {
        String user = "arbor-test-" + UUID.randomUUID();
        String password = "s3cret/@:" + UUID.randomUUID(); // characters an address must percent-encode
        String encoded = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        assertThat(RawRedis.command("ACL", "SETUSER", user, "on", ">" + password, "~arbor:*", "&*", "+@all")).isEqualTo("+OK");
        try {
            String key = "arbor:test:" + UUID.randomUUID();
            try (RedisState state = RedisState.connect("redis://" + user + ":" + encoded + "@127.0.0.1:6379/3")) {
                assertThat(state.describe()).isEqualTo("redis://127.0.0.1:6379/3").doesNotContain(user);
                state.put(key, text("in three"), MINUTE);
                assertThat(state.count(key + ":n", 1, MINUTE).value()).isEqualTo(1);
            }
            assertThat(RawRedis.in(3, "GET", key)).isEqualTo("in three");
            assertThat(RawRedis.in(0, "GET", key)).as("nothing written to the default database").isNull();
            RawRedis.in(3, "DEL", key, key + ":n");

            assertThatThrownBy(() -> RedisState.connect("redis://" + user + ":wrong@127.0.0.1:6379/3"))
                    .hasMessageContaining("cannot reach Redis at redis://127.0.0.1:6379/3").hasMessageContaining("authentication failed")
                    .hasMessageNotContaining("wrong");
            assertThatThrownBy(() -> RedisState.connect("redis://127.0.0.1:6379/99")).as("a database Redis does not have")
                    .hasMessageContaining("cannot reach Redis at redis://127.0.0.1:6379/99").hasMessageContaining("DB index");
        } finally {
            RawRedis.command("ACL", "DELUSER", user);
        }
    }

    /** A key pair for {@code localhost} only (no IP address in the certificate), made by the JDK's keytool. */
    private static KeyStore localhostKeyStore(Path directory) throws Exception {
        Path file = directory.resolve("redis.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "redis",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    @Test
    void overTlsTheCertificateMustBeTrustedAndNameTheHostConnectedTo(@TempDir Path directory) throws Exception {
        KeyStore store = localhostKeyStore(directory);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SslOptions trusting = SslOptions.builder().jdkSslProvider().trustManager(trust).handshakeTimeout(Duration.ofSeconds(2)).build();
        try (RedisRelay relay = new RedisRelay(server)) {
            try (RedisState state = RedisState.connect("rediss://localhost:" + relay.port() + "/0", trusting)) {
                assertThat(state.describe()).isEqualTo("rediss://localhost:" + relay.port() + "/0");
                String key = "arbor:test:" + UUID.randomUUID();
                state.put(key, text("over TLS"), MINUTE);
                assertThat(RawRedis.command("GET", key)).isEqualTo("over TLS");
                state.delete(key);
            }
            assertThatThrownBy(() -> RedisState.connect("rediss://127.0.0.1:" + relay.port() + "/0", trusting))
                    .as("a trusted certificate for another name").hasMessageContaining("cannot reach Redis at rediss://127.0.0.1:")
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
                    .rootCause().hasMessageContaining("127.0.0.1");
            assertThatThrownBy(() -> RedisState.connect("rediss://localhost:" + relay.port() + "/0"))
                    .as("the right name, signed by nobody the JDK trusts").hasMessageContaining("cannot reach Redis at rediss://localhost:")
                    .hasStackTraceContaining("SSLHandshakeException");
        }
    }

    @Test
    void aRedisThatStopsAnsweringIsAnOutageAfterTwoSecondsAndLaterAnswersStayInOrder() throws Exception {
        try (RedisRelay relay = new RedisRelay(null); RedisState state = RedisState.connect("redis://localhost:" + relay.port() + "/0")) {
            String key = "arbor:test:" + UUID.randomUUID();
            state.put(key, text("before"), MINUTE);
            relay.stall(true);
            long began = System.nanoTime();
            assertThatThrownBy(() -> state.get(key)).isInstanceOf(StateUnavailable.class).hasMessageContaining("within 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));
            relay.stall(false);
            eventually("the store never came back", () -> {
                try {
                    state.put(key, text("after"), MINUTE);
                    return true;
                } catch (StateUnavailable reconnecting) {
                    return false;
                }
            });
            assertThat(state.get(key)).as("the late answer to the first GET is not taken for this one's").isEqualTo(text("after"));
            state.delete(key);
        }
    }

    @Test
    void aLostRedisIsAnOutageAtOnceAndTheStoreReconnectsOnceItIsBack() throws Exception {
        try (RedisRelay relay = new RedisRelay(null); RedisState state = RedisState.connect("redis://localhost:" + relay.port() + "/0")) {
            String key = "arbor:test:" + UUID.randomUUID();
            state.put(key, text("kept"), MINUTE);
            relay.cut();
            long began = System.nanoTime();
            assertThatThrownBy(() -> state.get(key)).isInstanceOf(StateUnavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("not queued until Redis is back").isLessThan(Duration.ofMillis(2500));
            relay.restore();
            eventually("the store never reconnected", () -> {
                try {
                    return java.util.Arrays.equals(state.get(key), text("kept"));
                } catch (StateUnavailable stillDown) {
                    return false;
                }
            });
            state.delete(key);
        }
    }

    @Test
    void aSubscriptionDropsEverythingWhenItsConnectionIsLostAndAgainOnceItIsBack() throws Exception {
        String channel = "arbor:test:" + UUID.randomUUID();
        var received = new LinkedBlockingQueue<String>();
        var gaps = new AtomicInteger();
        try (RedisRelay relay = new RedisRelay(null); RedisState listener = RedisState.connect("redis://localhost:" + relay.port() + "/0");
             RedisState other = RedisState.connect(SharedStateTest.REDIS)) {
            listener.subscribe(channel, received::add, gaps::incrementAndGet);
            eventually("the subscription never started", () -> gaps.get() == 1);
            other.publish(channel, "first");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("first");

            relay.cut();
            eventually("no gap on the loss", () -> gaps.get() == 2);
            other.publish(channel, "while lost");
            await("no second gap while Redis is still away").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> gaps.get() == 2);
            relay.restore();
            eventually("no gap once subscribed again", () -> gaps.get() == 3);
            other.publish(channel, "once back");
            assertThat(received.poll(5, TimeUnit.SECONDS)).as("what was published while lost is gone").isEqualTo("once back");
        }
    }

    @Test
    void aListenerThatTakesItsTimeRunsOnAVirtualThreadAndHoldsUpNeitherCommandsNorTheOrderOfMessages() throws Exception {
        String channel = "arbor:test:" + UUID.randomUUID();
        var received = new LinkedBlockingQueue<String>();
        var onVirtualThreads = new java.util.concurrent.ConcurrentLinkedQueue<Boolean>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger gaps = new AtomicInteger();
        try (RedisState state = RedisState.connect(SharedStateTest.REDIS)) {
            state.subscribe(channel, message -> {
                onVirtualThreads.add(Thread.currentThread().isVirtual());
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                received.add(message);
            }, () -> {
                onVirtualThreads.add(Thread.currentThread().isVirtual());
                gaps.incrementAndGet();
            });
            eventually("the subscription never started", () -> gaps.get() == 1);
            for (int i = 1; i <= 3; i++) {
                state.publish(channel, "message " + i);
            }
            eventually("the first message never reached the listener", () -> onVirtualThreads.size() == 2);
            String key = "arbor:test:" + UUID.randomUUID();
            state.put(key, text("answered"), MINUTE); // the listener is still waiting: Netty is not
            assertThat(state.get(key)).isEqualTo(text("answered"));
            state.delete(key);
            release.countDown();
            for (int i = 1; i <= 3; i++) {
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("message " + i);
            }
            assertThat(onVirtualThreads).containsOnly(true);
        }
    }

    @Test
    void aCommandIsRefusedOnANettyThreadWhichMustNeverWait() throws Exception {
        try (RedisState state = RedisState.connect(SharedStateTest.REDIS)) {
            var failure = new java.util.concurrent.CompletableFuture<Throwable>();
            new io.netty.util.concurrent.DefaultThreadFactory("netty-like").newThread(() -> {
                try {
                    state.get("arbor:test:never");
                    failure.complete(null);
                } catch (RuntimeException e) {
                    failure.complete(e);
                }
            }).start();
            assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must not wait on a Netty thread");
        }
    }

    /** Every virtual thread named {@code prefix…} in a JSON thread dump of this JVM. */
    private static List<JsonNode> dumpOf(Path directory, String prefix) throws Exception {
        Path file = directory.resolve("threads-" + UUID.randomUUID() + ".json");
        java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .dumpThreads(file.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        List<JsonNode> threads = new ArrayList<>();
        for (JsonNode container : new ObjectMapper().readTree(file.toFile()).path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                if (thread.path("name").asText().startsWith(prefix)) {
                    threads.add(thread);
                }
            }
        }
        return threads;
    }

    /**
     * On JDK 21 a virtual thread that parks while it holds a monitor pins its carrier. JDK 25's thread dump names
     * the monitors each parked thread holds: handlers waiting for Redis must hold none.
     */
    @Test
    void handlersWaitingForRedisParkWithoutHoldingAMonitor(@TempDir Path directory) throws Exception {
        Object monitor = new Object();
        Thread control = Thread.ofVirtual().name("control-pinned").start(() -> {
            synchronized (monitor) {
                java.util.concurrent.locks.LockSupport.parkNanos(3_000_000_000L);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> control.getState() == Thread.State.TIMED_WAITING);
        Assumptions.assumeTrue(dumpOf(directory, "control-pinned").getFirst().has("monitorsOwned"),
                "this JDK's thread dump does not name held monitors (JDK 25 does)");
        control.interrupt();
        try (RedisRelay relay = new RedisRelay(null); RedisState state = RedisState.connect("redis://localhost:" + relay.port() + "/0");
             var handlers = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("handler-", 0).factory())) {
            relay.stall(true);
            for (int i = 0; i < 8; i++) {
                int n = i;
                handlers.submit(() -> n % 2 == 0 ? state.get("arbor:test:parked") : state.count("arbor:test:parked:" + n, 1, MINUTE));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> dumpOf(directory, "handler-").stream()
                    .filter(handler -> handler.path("stack").toString().contains("RedisState.await")).count() == 8);
            List<JsonNode> waiting = dumpOf(directory, "handler-");
            assertThat(waiting).hasSize(8);
            for (JsonNode handler : waiting) {
                assertThat(handler.path("stack").toString()).contains("RedisState.await", "park");
                assertThat(handler.has("monitorsOwned")).as(handler.toPrettyString()).isFalse();
            }
            relay.stall(false);
        }
    }
}
