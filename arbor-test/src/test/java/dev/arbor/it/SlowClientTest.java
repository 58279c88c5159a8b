package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Limits;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow clients (slowloris): a request head must be complete within the header-read timeout even when the
 * client keeps sending bytes, and a thousand such clients must not keep a normal request from being served.
 * SECURITY.md checklist item 24.
 */
class SlowClientTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private final Fixtures fixtures = new Fixtures();

    /**
     * Writes {@code head} and then one byte of a header every {@code every} until the server stops reading;
     * answers how long after connecting the server closed the connection, or fails after 15 s.
     */
    private static Duration trickle(int port, String head, Duration every) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            long begin = System.nanoTime();
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    RawHttp.trickle(out, 'a', Long.MAX_VALUE, 1, every);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(RawHttp.readToEnd(socket.getInputStream())).doesNotContain("HTTP/1.1 200");
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - begin);
            writer.cancel(true);
            return closedAfter;
        }
    }

    @Test
    void aClientTricklingItsHeadersIsClosedAtTheHeaderReadTimeoutThoughEveryByteRenewsTheIdleTimeout() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(Limits.defaults().withHeaderReadTimeout(TIMEOUT)), (server, client) -> {
            Duration closedAfter = trickle(server.port(), "GET /items/1 HTTP/1.1\r\nHost: x\r\nX-Slow: ", Duration.ofMillis(200));
            System.out.printf("slow-header client closed after %d ms (header-read timeout %d ms, idle timeout 30 s)%n",
                    closedAfter.toMillis(), TIMEOUT.toMillis());
            assertThat(closedAfter).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plusMillis(1500));
            assertThat(fixtures.invocations.get()).isZero();
        });
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderReadTimeoutNotTheIdleTimeout() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(Limits.defaults().withHeaderReadTimeout(TIMEOUT)), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(15_000);
                long begin = System.nanoTime();
                assertThat(RawHttp.readToEnd(socket.getInputStream())).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plusMillis(1500));
            }
        });
    }

    @Test
    void theNextRequestOnAKeptAliveConnectionHasTheSameDeadlineButAnIdleKeptAliveConnectionStaysOpen() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(Limits.defaults().withHeaderReadTimeout(TIMEOUT)), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.readResponse(in)).startsWith("HTTP/1.1 200");
                // Silent for longer than the header-read timeout: only the idle timeout (30 s) applies. Real time:
                // Jetty's scheduler keeps both deadlines, and the silence itself is what is under test.
                Thread.sleep(TIMEOUT.toMillis() + 700);
                out.write("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.readResponse(in)).startsWith("HTTP/1.1 200");
                // The third request's head trickles in: closed once its first byte is a timeout old.
                long begin = System.nanoTime();
                out.write("GET /items/1 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                RawHttp.trickle(out, 'X', 40, 1, Duration.ofMillis(200));
                assertThat(RawHttp.readToEnd(in)).isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plusMillis(1500));
            }
        });
    }

    @Test
    void aSlowBodyIsNotCutByTheHeaderReadTimeout() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).limits(Limits.defaults().withHeaderReadTimeout(Duration.ofMillis(500))), (server, client) -> {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write("POST /api/raw HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                RawHttp.trickle(out, 'b', 8, 1, Duration.ofMillis(200));
                String answer = RawHttp.readResponse(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 200").contains("\"length\":8");
            }
        });
    }

    @Test
    void theHeaderReadTimeoutDefaultsTo10SecondsApartFromThe30SecondIdleTimeout() {
        assertThat(Limits.defaults().headerReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(Limits.defaults().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    /**
     * The checklist's case with the default settings: 1,000 clients each sending one header byte every 5 s.
     * A normal request made while they are all connected is answered, and each of them is disconnected by the
     * 10 s header-read timeout (none earlier, so none was refused or dropped for lack of room).
     */
    @Test
    void aThousandSlowlorisClientsDoNotStopANormalRequestAndAreAllClosedAfter10Seconds() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            int count = 1_000;
            byte[] head = "GET /items/1 HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);
            TestClient normal = new TestClient(server.uri());
            assertThat(normal.get("/items/1").status()).isEqualTo(200);
            long warm = System.nanoTime();
            assertThat(normal.get("/items/1").status()).isEqualTo(200);
            System.out.printf("normal request alone: %d ms%n", (System.nanoTime() - warm) / 1_000_000);

            List<SocketChannel> channels = new ArrayList<>();
            long slowestConnect = 0;
            long[] connectedAt = new long[count];
            long[] closedAt = new long[count];
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < count; i++) {
                    long connecting = System.nanoTime();
                    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                    connectedAt[i] = System.nanoTime();
                    slowestConnect = Math.max(slowestConnect, connectedAt[i] - connecting);
                    channel.write(ByteBuffer.wrap(head));
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, i);
                    channels.add(channel);
                }
                long allConnected = System.nanoTime();
                System.out.printf("%d slow clients connected in %d ms (slowest connect %d ms)%n", count,
                        (allConnected - connectedAt[0]) / 1_000_000, slowestConnect / 1_000_000);
                assertThat(slowestConnect / 1_000_000).as("a SYN dropped by a full accept queue is retried after 1 s").isLessThan(1_000);

                long begin = System.nanoTime();
                TestResponse response = normal.get("/items/1");
                long latency = (System.nanoTime() - begin) / 1_000_000;
                System.out.printf("normal request with %d slow clients connected: %d ms%n", count, latency);
                assertThat(response.status()).isEqualTo(200);
                assertThat(latency).as("a hang guard; latency figures belong to the benchmarks").isLessThan(2_000);

                int closed = 0;
                long nextTrickle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                ByteBuffer scratch = ByteBuffer.allocate(1024);
                while (closed < count && System.nanoTime() < giveUp) {
                    selector.select(200);
                    for (SelectionKey key : selector.selectedKeys()) {
                        int i = (Integer) key.attachment();
                        scratch.clear();
                        int n;
                        try {
                            n = ((SocketChannel) key.channel()).read(scratch);
                        } catch (IOException reset) {
                            n = -1;
                        }
                        assertThat(n).as("the server answers a slow client with nothing but a close").isNegative();
                        closedAt[i] = System.nanoTime();
                        key.cancel();
                        key.channel().close();
                        closed++;
                    }
                    selector.selectedKeys().clear();
                    if (System.nanoTime() - nextTrickle >= 0) {
                        for (SelectionKey key : selector.keys()) {
                            if (key.isValid()) {
                                try {
                                    ((SocketChannel) key.channel()).write(ByteBuffer.wrap(new byte[] {'a'}));
                                } catch (IOException closing) {
                                    // Closed by the server; the read side reports it.
                                }
                            }
                        }
                        nextTrickle += TimeUnit.SECONDS.toNanos(5);
                    }
                }
            } finally {
                for (SocketChannel channel : channels) {
                    channel.close();
                }
            }
            long earliest = Long.MAX_VALUE;
            long latest = 0;
            for (int i = 0; i < count; i++) {
                assertThat(closedAt[i]).as("slow client %d was never closed", i).isNotZero();
                long after = (closedAt[i] - connectedAt[i]) / 1_000_000;
                earliest = Math.min(earliest, after);
                latest = Math.max(latest, after);
            }
            System.out.printf("slow clients closed between %d and %d ms after connecting%n", earliest, latest);
            assertThat(earliest).isGreaterThanOrEqualTo(9_900);
            assertThat(latest).isLessThan(12_000);
            assertThat(fixtures.invocations.get()).isZero();
        });
    }
}
