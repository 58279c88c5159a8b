package dev.arbor.test;

import dev.arbor.Arbor;

/**
 * Runs an Arbor app on a free port for the length of a test and hands the test a real HTTP client.
 *
 * <pre>{@code
 * ArborTest.run(Arbor.builder().routes(EchoRoute_.ROUTE), (server, client) -> {
 *     assertThat(client.get("/echo").status()).isEqualTo(200);
 * });
 * }</pre>
 *
 * <p>What expires on the server (sessions, sealed form values, the flash, cached pages, {@code Idempotency-Key}
 * records, rate-limit windows) reads {@code Arbor.Builder.clock}. A test of an expiry gives the server a {@link TestClock}
 * and moves it past the expiry instead of sleeping:
 *
 * <pre>{@code
 * TestClock clock = new TestClock();
 * ArborTest.run(Arbor.builder().clock(clock).idempotencyKeyLifetime(Duration.ofMinutes(5)).routes(App_.ROUTES), (server, client) -> {
 *     client.postJson("/api/charges", body, "Idempotency-Key", key);   // runs
 *     clock.advance(Duration.ofMinutes(6));
 *     client.postJson("/api/charges", body, "Idempotency-Key", key);   // the key has expired: runs again
 * });
 * }</pre>
 */
public final class ArborTest {
    private ArborTest() {}

    /** What a test does with the running server and its client. */
    @FunctionalInterface
    public interface Body {
        void run(Arbor server, TestClient client) throws Exception;
    }

    /** Starts {@code app} on port 0 without printing, runs {@code body}, and stops the server. */
    public static void run(Arbor.Builder app, Body body) throws Exception {
        try (Arbor server = start(app)) {
            body.run(server, new TestClient(server.uri()));
        }
    }

    /** Starts {@code app} on port 0 without printing; the caller stops it. */
    public static Arbor start(Arbor.Builder app) {
        return app.port(0).host("127.0.0.1").printTo(null).build().start();
    }
}
