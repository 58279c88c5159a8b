package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.Arbor;
import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Event streams are capped per client and in total, so a few hundred idle streams cannot exhaust the server. */
class SseLimitsTest {
    private final Fixtures fixtures = new Fixtures();
    /** A heartbeat no other wait is likely to equal, so a refusal's Retry-After can be told to be it. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(7);

    private static Limits limits(int perClient, int total) {
        return Limits.defaults().withMaxEventStreamsPerClient(perClient).withMaxEventStreams(total);
    }

    /** A stream on a client of its own (its own connection, closed by {@code http().shutdownNow()}), read up to its first event. */
    private static BufferedReader subscribe(TestClient client, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(client.base().resolve("/api/events")).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> response = client.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        while (line != null && (line.isEmpty() || line.startsWith(":"))) {
            // A heartbeat may come first on a busy machine.
            line = reader.readLine();
        }
        assertThat(line).isEqualTo("event: hello");
        return reader;
    }

    /**
     * A request for a stream that is expected to be refused; a stream opened instead fails the test at once
     * rather than waiting on its endless body.
     */
    private static TestResponse refused(TestClient client, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(client.base().resolve("/api/events")).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> response = client.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            client.http().shutdownNow();
            throw new AssertionError("the stream was opened, not refused");
        }
        try (InputStream body = response.body()) {
            return new TestResponse(response.statusCode(), response.headers(), body.readAllBytes());
        }
    }

    private static TestClient from(Arbor server, String localAddress) throws Exception {
        return TestClient.keepingCookies(server.uri(), InetAddress.getByName(localAddress));
    }

    @Test
    void aClientBeyondItsStreamsIsAnswered429WithRetryAfterAndItsHandlerNeverRuns() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(limits(2, 100)).sseHeartbeat(HEARTBEAT), (server, client) -> {
            subscribe(from(server, "127.0.0.2"));
            subscribe(from(server, "127.0.0.2"));

            TestResponse refused = refused(from(server, "127.0.0.2"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.json().get("type").asText()).endsWith("/too-many-streams");
            assertThat(refused.json().get("detail").asText()).contains("2 event streams");
            assertThat(refused.header("Retry-After")).as("one heartbeat").isEqualTo("7");
            assertThat(fixtures.subscribers).hasSize(2);
            assertThat(server.openEventStreams()).isEqualTo(2);

            // Another client is not held back by this one.
            subscribe(from(server, "127.0.0.3"));
            assertThat(server.openEventStreams()).isEqualTo(3);
        });
    }

    @Test
    void beyondTheServersStreamsAnyClientIsAnswered503WithRetryAfter() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(limits(16, 2)).sseHeartbeat(HEARTBEAT), (server, client) -> {
            subscribe(from(server, "127.0.0.2"));
            subscribe(from(server, "127.0.0.3"));

            TestResponse refused = refused(from(server, "127.0.0.4"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.json().get("type").asText()).endsWith("/streams-unavailable");
            assertThat(refused.body()).doesNotContain("Exception").doesNotContain("jetty");
            assertThat(refused.header("Retry-After")).as("one heartbeat").isEqualTo("7");
            assertThat(fixtures.subscribers).hasSize(2);
            assertThat(server.openEventStreams()).isEqualTo(2);
        });
    }

    @Test
    void aStreamThatEndsFreesItsSlotWhoeverEndsIt() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(limits(1, 100)), (server, client) -> {
            TestClient gone = from(server, "127.0.0.2");
            subscribe(gone);
            assertThat(refused(from(server, "127.0.0.2")).status()).isEqualTo(429);

            gone.http().shutdownNow();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openEventStreams() == 0);
            subscribe(from(server, "127.0.0.2"));

            fixtures.subscribers.iterator().next().close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openEventStreams() == 0);
            subscribe(from(server, "127.0.0.2"));
            assertThat(server.openEventStreams()).isEqualTo(1);
        });
    }

    @Test
    void stoppingTheServerReleasesEveryStream() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures).limits(limits(4, 100)));
        try {
            subscribe(from(server, "127.0.0.2"));
            subscribe(from(server, "127.0.0.3"));
            assertThat(server.openEventStreams()).isEqualTo(2);
        } finally {
            server.stop();
        }
        assertThat(server.openEventStreams()).isZero();
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnStreams() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(limits(1, 100)).trustedProxies("127.0.0.1"), (server, client) -> {
            subscribe(from(server, "127.0.0.1"), "X-Forwarded-For", "203.0.113.7");
            // The proxy appends the address it saw; what the client put before it is not believed.
            subscribe(from(server, "127.0.0.1"), "X-Forwarded-For", "203.0.113.7, 203.0.113.8");
            // A proxy may add a line of its own instead (HAProxy): its line is the last one.
            subscribe(from(server, "127.0.0.1"), "X-Forwarded-For", "203.0.113.7", "X-Forwarded-For", "203.0.113.9");
            assertThat(refused(from(server, "127.0.0.1"), "X-Forwarded-For", "198.51.100.1, 203.0.113.7").status())
                    .isEqualTo(429);
        });
    }

    /** Behind a CDN and nginx, both trusted, the CDN's clients do not all share the CDN edge's streams. */
    @Test
    void behindTwoTrustedProxiesEachClientOfTheOuterOneHasItsOwnStreams() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(limits(1, 100)).trustedProxies("127.0.0.1", "10.0.0.2"), (server, client) -> {
            subscribe(from(server, "127.0.0.1"), "X-Forwarded-For", "203.0.113.7, 10.0.0.2");
            subscribe(from(server, "127.0.0.1"), "X-Forwarded-For", "203.0.113.8, 10.0.0.2");
            assertThat(refused(from(server, "127.0.0.1"), "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.2").status())
                    .isEqualTo(429);
        });
    }

    @Test
    void fromAnyOtherPeerXForwardedForIsIgnored() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(limits(1, 100)).trustedProxies("127.0.0.9"), (server, client) -> {
            subscribe(from(server, "127.0.0.2"), "X-Forwarded-For", "203.0.113.7");
            assertThat(refused(from(server, "127.0.0.2"), "X-Forwarded-For", "203.0.113.8").status()).isEqualTo(429);
        });
    }
}
