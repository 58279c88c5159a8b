package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbor.Arbor;
import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseTest {
    private final Fixtures fixtures = new Fixtures();

    private static BufferedReader subscribe(TestClient client) throws Exception {
        var request = HttpRequest.newBuilder(client.base().resolve("/api/events")).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = client.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream;charset=utf-8");
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    private static List<String> readEvent(BufferedReader reader) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (!lines.isEmpty() && !lines.stream().allMatch(l -> l.startsWith(":"))) {
                    return lines;
                }
                lines.clear();
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void eventsReachSubscribersAsTheyAreSent() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            try (BufferedReader reader = subscribe(client)) {
                assertThat(readEvent(reader)).containsExactly("event: hello", "data: {\"subscribers\":1}");
                assertThat(client.postJson("/api/events", "first\nsecond").json().get("delivered").asInt()).isEqualTo(1);
                assertThat(readEvent(reader)).containsExactly("event: message", "data: first", "data: second");
            }
        });
    }

    @Test
    void heartbeatsKeepAnIdleStreamAlive() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            try (BufferedReader reader = subscribe(client)) {
                readEvent(reader);
                assertThat(reader.readLine()).isEqualTo(": ping");
            }
        });
    }

    @Test
    void aDisconnectedClientIsNoticedAndItsStreamReleased() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            BufferedReader reader = subscribe(client);
            readEvent(reader);
            assertThat(fixtures.subscribers).hasSize(1);
            client.http().shutdownNow();
            await().atMost(Duration.ofSeconds(5)).until(() -> fixtures.subscribers.isEmpty());
            assertThat(fixtures.closedStreams.get()).isEqualTo(1);
        });
    }

    @Test
    void manyStreamsLeaveNoThreadsBehind() throws Exception {
        // All 50 come from one address, over its default cap of 16.
        ArborTest.run(TestApp.builder(fixtures).limits(Limits.defaults().withMaxEventStreamsPerClient(50)), (server, client) -> {
            int before = Thread.activeCount();
            for (int round = 0; round < 3; round++) {
                List<BufferedReader> readers = new ArrayList<>();
                TestClient own = new TestClient(client.base());
                for (int i = 0; i < 50; i++) {
                    readers.add(subscribe(own));
                }
                for (BufferedReader reader : readers) {
                    readEvent(reader);
                }
                own.http().shutdownNow();
                await().atMost(Duration.ofSeconds(5)).until(() -> fixtures.subscribers.isEmpty());
            }
            assertThat(fixtures.closedStreams.get()).isEqualTo(150);
            // Platform threads only: the streams themselves hold none. The clients' selector threads end a moment
            // after shutdownNow, and Jetty's pool may have grown by a few, so the count may settle late.
            await().atMost(Duration.ofSeconds(5)).until(() -> Thread.activeCount() <= before + 4);
        });
    }

    @Test
    void stoppingTheServerSendsAFinalEventAndEndsTheStream() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures));
        TestClient client = new TestClient(server.uri());
        BufferedReader reader = subscribe(client);
        readEvent(reader);
        long begin = System.nanoTime();
        server.stop();
        assertThat(readEvent(reader)).containsExactly("event: shutdown", "data: server is shutting down");
        assertThat(reader.readLine()).isNull();
        // A hang guard: without the final event the stop would wait the 30 s shutdown timeout for the stream.
        assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(5000);
    }
}
