package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Route;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Request.remoteAddress()} is the client the per-address limits count, the same one the event-stream caps
 * use: behind a trusted proxy the address that proxy saw, from any other peer the peer itself.
 */
class RemoteAddressTest {
    private final Fixtures fixtures = new Fixtures();

    private static String addressSeenBy(TestClient client, String... headers) {
        return client.get("/api/caller/address", headers).json().get("address").asText();
    }

    @Test
    void behindATrustedProxyTheRemoteAddressIsTheForwardedClient() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1"), (server, client) -> {
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7")).isEqualTo("203.0.113.7");
            // The proxy appends the address it saw; what the client wrote before it is not believed.
            assertThat(addressSeenBy(client, "X-Forwarded-For", "198.51.100.1, 203.0.113.7")).isEqualTo("203.0.113.7");
            assertThat(addressSeenBy(client)).as("no header: the proxy itself").isEqualTo("127.0.0.1");
        });
    }

    @Test
    void fromAnUntrustedPeerTheRemoteAddressIsThePeerWhateverItForwards() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.9"), (server, client) -> {
            TestClient peer = TestClient.keepingCookies(server.uri(), InetAddress.getByName("127.0.0.2"));
            assertThat(addressSeenBy(peer, "X-Forwarded-For", "203.0.113.7")).isEqualTo("127.0.0.2");
        });
    }

    /** Tells the caller the address the server sees for it. */
    @Route("/api/caller/address")
    @Public
    public static final class Address {
        public Map<String, Object> get(Request request) {
            return Map.of("address", request.remoteAddress());
        }
    }
}
