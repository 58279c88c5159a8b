package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.Identity;
import dev.arbor.test.ArborTest;
import dev.arbor.test.Multipart;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestClock;
import dev.arbor.test.TestResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on JSON POSTs to routes, counted by the side effect of {@code /api/charges}. */
class IdempotencyTest {
    private final Fixtures fixtures = new Fixtures();

    private static TestResponse charge(TestClient client, String key, String amount, String... headers) {
        return chargeAt(client, "/api/charges", key, amount, headers);
    }

    private static TestResponse chargeAt(TestClient client, String path, String key, String amount, String... headers) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Idempotency-Key";
        all[headers.length + 1] = key;
        return client.postJson(path, "{\"amount\":\"" + amount + "\"}", all);
    }

    @Test
    void theSameKeyAndPayloadRunTheRouteOnceAndReplayItsAnswer() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String key = UUID.randomUUID().toString();
            TestResponse first = charge(client, key, "10.00");
            TestResponse again = charge(client, key, "10.00");
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.header("Idempotent-Replayed")).isNull();
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header("Location")).isEqualTo("/api/charges/1");
            assertThat(again.header("Content-Type")).isEqualTo(first.header("Content-Type"));
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(fixtures.invocations).hasValue(1);

            assertThat(charge(client, UUID.randomUUID().toString(), "10.00").json().get("charge").asInt()).isEqualTo(2);
            assertThat(client.postJson("/api/charges", "{\"amount\":\"10.00\"}").status()).isEqualTo(201);
            assertThat(fixtures.invocations).as("other keys and no key run the route").hasValue(3);
        });
    }

    @Test
    void theSameKeyWithAnotherPayloadIs422AndRunsNothing() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String key = UUID.randomUUID().toString();
            assertThat(charge(client, key, "10.00").status()).isEqualTo(201);
            for (TestResponse reused : new TestResponse[] {charge(client, key, "99.00"),
                    chargeAt(client, "/api/charges?to=mallory", key, "10.00")}) {
                assertThat(reused.status()).isEqualTo(422);
                assertThat(reused.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(reused.json().get("type").asText()).endsWith("/idempotency-key-reused");
                assertThat(reused.body()).doesNotContain("Exception", "at dev.");
            }
            assertThat(fixtures.invocations).hasValue(1);
            assertThat(charge(client, key, "10.00").header("Idempotent-Replayed")).isEqualTo("true");
        });
    }

    @Test
    void aDuplicateWhileTheFirstIsInFlightIs409AndTheFirstAnswerIsThenReplayed() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String key = UUID.randomUUID().toString();
            CompletableFuture<TestResponse> first = CompletableFuture.supplyAsync(() -> chargeAt(client, "/api/charges?wait=1", key, "5.00"));
            assertThat(fixtures.slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
            TestResponse duplicate = chargeAt(client, "/api/charges?wait=1", key, "5.00");
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(duplicate.json().get("type").asText()).endsWith("/idempotency-key-in-flight");
            assertThat(duplicate.header("Retry-After")).isEqualTo("1");
            fixtures.slowRelease.countDown();
            TestResponse answered = first.get(20, TimeUnit.SECONDS);
            assertThat(answered.status()).isEqualTo(201);
            TestResponse retried = chargeAt(client, "/api/charges?wait=1", key, "5.00");
            assertThat(retried.body()).isEqualTo(answered.body());
            assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(fixtures.invocations).hasValue(1);
        });
    }

    @Test
    void aServerErrorIsNotStoredSoTheRetryRunsAgain() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String key = UUID.randomUUID().toString();
            TestResponse failed = chargeAt(client, "/api/charges?fail=1", key, "7.00");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).doesNotContain("payment provider");
            TestResponse retried = chargeAt(client, "/api/charges?fail=1", key, "7.00");
            assertThat(retried.status()).isEqualTo(201);
            assertThat(retried.header("Idempotent-Replayed")).isNull();
            assertThat(retried.json().get("charge").asInt()).isEqualTo(2);
            assertThat(chargeAt(client, "/api/charges?fail=1", key, "7.00").header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(fixtures.invocations).hasValue(2);
        });
    }

    @Test
    void aStreamedAnswerIsNotStoredSoTheRetryRunsAgain() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            String key = UUID.randomUUID().toString();
            TestResponse first = chargeAt(client, "/api/charges?stream=1", key, "2.00");
            TestResponse retried = chargeAt(client, "/api/charges?stream=1", key, "2.00");
            assertThat(first.body()).isEqualTo("charge 1");
            assertThat(retried.body()).isEqualTo("charge 2");
            assertThat(retried.header("Idempotent-Replayed")).isNull();
        });
    }

    @Test
    void aKeyExpiresAfterItsLifetimeAndThenRunsAgain() throws Exception {
        TestClock clock = new TestClock();
        Duration lifetime = Duration.ofHours(1);
        ArborTest.run(TestApp.builder(fixtures).clock(clock).idempotencyKeyLifetime(lifetime), (server, client) -> {
            String key = UUID.randomUUID().toString();
            assertThat(charge(client, key, "1.00").status()).isEqualTo(201);
            assertThat(charge(client, key, "1.00").header("Idempotent-Replayed")).isEqualTo("true");
            clock.advance(lifetime.minusMillis(1));
            assertThat(charge(client, key, "1.00").header("Idempotent-Replayed")).as("a millisecond before it expires").isEqualTo("true");
            clock.advance(Duration.ofMillis(1));
            TestResponse afterExpiry = charge(client, key, "1.00");
            assertThat(afterExpiry.status()).isEqualTo(201);
            assertThat(afterExpiry.header("Idempotent-Replayed")).isNull();
            assertThat(fixtures.invocations).hasValue(2);
        });
    }

    @Test
    void aKeyBelongsToItsCaller() throws Exception {
        var app = TestApp.builder(fixtures).bearerTokens(token -> token.startsWith("token-of-")
                ? Optional.of(new Identity(token.substring(9), Set.of())) : Optional.empty());
        ArborTest.run(app, (server, client) -> {
            String key = UUID.randomUUID().toString();
            TestResponse ada = charge(client, key, "3.00", "Authorization", "Bearer token-of-ada");
            TestResponse bob = charge(client, key, "3.00", "Authorization", "Bearer token-of-bob");
            TestResponse anonymous = charge(client, key, "3.00");
            assertThat(ada.header("Idempotent-Replayed")).isNull();
            assertThat(bob.header("Idempotent-Replayed")).isNull();
            assertThat(anonymous.header("Idempotent-Replayed")).isNull();
            assertThat(fixtures.invocations).hasValue(3);
            assertThat(charge(client, key, "3.00", "Authorization", "Bearer token-of-bob").json().get("charge").asInt()).isEqualTo(2);
        });
    }

    /**
     * A stored answer is only replayed to a caller the route would accept now: the access and cross-site checks
     * come before the key is looked up, so a revoked token or a forged cross-site post is refused as it would be
     * without a key, and a refused request leaves nothing in the store.
     */
    @Test
    void aReplayIsRefusedToARevokedTokenAndToACrossSitePost() throws Exception {
        Set<String> valid = java.util.concurrent.ConcurrentHashMap.newKeySet();
        valid.add("token-of-ada");
        var app = TestApp.builder(fixtures).bearerTokens(token -> valid.contains(token)
                ? Optional.of(new Identity(token.substring(9), Set.of())) : Optional.empty());
        ArborTest.run(app, (server, client) -> {
            String key = UUID.randomUUID().toString();
            String[] ada = {"Authorization", "Bearer token-of-ada", "Idempotency-Key", key};
            assertThat(client.postJson("/api/bearer/me", "{}", ada).status()).isEqualTo(200);
            valid.clear();
            TestResponse revoked = client.postJson("/api/bearer/me", "{}", ada);
            assertThat(revoked.status()).isEqualTo(401);
            assertThat(revoked.header("Idempotent-Replayed")).isNull();

            String sameSite = UUID.randomUUID().toString();
            assertThat(charge(client, sameSite, "5.00").status()).isEqualTo(201);
            TestResponse forged = charge(client, sameSite, "5.00", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
            assertThat(forged.status()).isEqualTo(403);
            assertThat(forged.header("Idempotent-Replayed")).isNull();

            String refusedFirst = UUID.randomUUID().toString();
            assertThat(charge(client, refusedFirst, "6.00", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site").status())
                    .isEqualTo(403);
            TestResponse honest = charge(client, refusedFirst, "6.00");
            assertThat(honest.status()).as("the refusal claimed nothing").isEqualTo(201);
            assertThat(honest.header("Idempotent-Replayed")).isNull();
            assertThat(fixtures.invocations).hasValue(3);
        });
    }

    @Test
    void aMalformedKeyOrAKeyedUploadIs400AndRunsNothing() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            for (String key : new String[] {"has space", "x".repeat(256), "a\tb"}) {
                TestResponse refused = charge(client, key, "1.00");
                assertThat(refused.status()).as(key).isEqualTo(400);
                assertThat(refused.json().get("type").asText()).endsWith("/idempotency-key");
            }
            TestResponse upload = client.postMultipart("/api/upload", new Multipart().field("title", "t")
                    .file("file", "a.txt", "text/plain", "hello".getBytes()), "Idempotency-Key", UUID.randomUUID().toString());
            assertThat(upload.status()).isEqualTo(400);
            assertThat(upload.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(fixtures.invocations).hasValue(0);
        });
    }

    @Test
    void twoInstancesSharingRedisReplayEachOthersAnswers() throws Exception {
        var a = ArborTest.start(TestApp.builder(fixtures).redis(LocalRedis.URL));
        var b = ArborTest.start(TestApp.builder(fixtures).redis(LocalRedis.URL));
        try {
            TestClient onA = new TestClient(a.uri());
            TestClient onB = new TestClient(b.uri());
            String key = UUID.randomUUID().toString();
            TestResponse first = charge(onA, key, "42.00");
            TestResponse second = charge(onB, key, "42.00");
            assertThat(first.status()).isEqualTo(201);
            assertThat(second.body()).isEqualTo(first.body());
            assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(charge(onB, key, "43.00").status()).isEqualTo(422);
            assertThat(fixtures.invocations).hasValue(1);
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void whenRedisStopsAnsweringAKeyedPostIs503WithRetryAfterAndRunsOnceItIsBack() throws Exception {
        try (var server = ArborTest.start(TestApp.builder(fixtures).redis(LocalRedis.URL))) {
            TestClient client = new TestClient(server.uri());
            String key = UUID.randomUUID().toString();
            assertThat(LocalRedis.command("CLIENT PAUSE 4000 ALL")).as("every command now waits longer than the client's 2 s timeout").isEqualTo("+OK");
            TestResponse stalled = charge(client, key, "7.00");
            assertThat(stalled.status()).isEqualTo(503);
            assertThat(stalled.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(stalled.header("Retry-After")).isNotNull();
            assertThat(stalled.body()).doesNotContain("Redis", "6379", "Exception");
            assertThat(fixtures.invocations).hasValue(0);
            // Each try while Redis is paused is refused with 503 and runs nothing; the first after the pause runs.
            await("a keyed POST once Redis is back").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> charge(client, key, "7.00").status() == 201);
            assertThat(fixtures.invocations).hasValue(1);
        }
    }

    @Test
    void whenRedisAnswersThatItIsLoadingAKeyedPostIs503WithRetryAfter() throws Exception {
        try (LoadingRedis redis = new LoadingRedis();
             var server = ArborTest.start(TestApp.builder(fixtures).redis("redis://127.0.0.1:" + redis.port() + "/0"))) {
            TestResponse refused = charge(new TestClient(server.uri()), UUID.randomUUID().toString(), "7.00");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.body()).doesNotContain("Redis", "LOADING", "Exception");
            assertThat(fixtures.invocations).hasValue(0);
        }
    }

    /**
     * A Redis 7 that is still loading its data set after a restart, on a real socket: it answers PING, HELLO and
     * INFO, as a loading Redis does, and {@code -LOADING} to everything else.
     */
    private static final class LoadingRedis implements AutoCloseable {
        private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());

        LoadingRedis() throws java.io.IOException {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        java.net.Socket socket = listener.accept();
                        Thread.ofVirtual().start(() -> answer(socket));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void answer(java.net.Socket socket) {
            try (socket) {
                var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
                var out = socket.getOutputStream();
                while (true) {
                    String header = readLine(in); // *<count>, then $<length> and the argument for each
                    String command = null;
                    for (int i = 0, count = Integer.parseInt(header.substring(1)); i < count; i++) {
                        byte[] argument = new byte[Integer.parseInt(readLine(in).substring(1))];
                        in.readFully(argument);
                        readLine(in);
                        if (command == null) {
                            command = new String(argument, java.nio.charset.StandardCharsets.US_ASCII);
                        }
                    }
                    String reply = switch (command) {
                        case "PING" -> "+PONG\r\n";
                        case "HELLO" -> "*4\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.4\r\n";
                        case "INFO" -> "$31\r\n# Server\r\nredis_version:7.2.4\r\n\r\n";
                        default -> "-LOADING Redis is loading the dataset in memory\r\n";
                    };
                    out.write(reply.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (java.io.IOException | RuntimeException gone) {
                // The client closed its connection.
            }
        }

        private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new java.io.EOFException();
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            listener.close();
        }
    }
}
