package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Arbor;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    private final Fixtures fixtures = new Fixtures();

    @Test
    void stopLetsARequestInFlightFinish() throws Exception {
        Arbor server = ArborTest.start(TestApp.builder(fixtures));
        TestClient client = new TestClient(server.uri());
        CompletableFuture<TestResponse> inFlight = CompletableFuture.supplyAsync(() -> client.get("/api/slow"));
        assertThat(fixtures.slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        Thread.sleep(200);
        assertThat(stopping).isNotDone();
        fixtures.slowRelease.countDown();
        TestResponse response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
        stopping.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sigtermDrainsInFlightRequestsBeforeTheProcessExits() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), TestApp.class.getName(),
                Integer.toString(port)).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream()));
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("READY")) {
                // start-up log lines
            }
            assertThat(line).isEqualTo("READY " + port);
            TestClient client = new TestClient(java.net.URI.create("http://127.0.0.1:" + port));
            CompletableFuture<TestResponse> inFlight = CompletableFuture.supplyAsync(() -> client.get("/api/slow?ms=1500"));
            Thread.sleep(300);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            TestResponse response = inFlight.get(5, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("finished");
        } finally {
            process.destroyForcibly();
        }
    }
}
