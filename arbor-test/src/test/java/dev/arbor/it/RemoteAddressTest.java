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

    /** A CDN in front of nginx in front of the app: both proxies are trusted, and the client is the CDN's client. */
    @Test
    void behindTwoTrustedProxiesTheRemoteAddressIsTheClientTheOuterOneSaw() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1", "10.0.0.2"), (server, client) -> {
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7, 10.0.0.2")).isEqualTo("203.0.113.7");
            // The inner proxy may add a line of its own instead of appending: the lines are read in order.
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7", "X-Forwarded-For", "10.0.0.2"))
                    .isEqualTo("203.0.113.7");
        });
    }

    @Test
    void anAddressTheClientWroteBeforeTheOneTheOuterProxySawIsNotBelieved() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1", "10.0.0.2"), (server, client) -> {
            assertThat(addressSeenBy(client, "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.2")).isEqualTo("203.0.113.7");
            // Naming a trusted proxy does not get the client past the address the outer proxy saw.
            assertThat(addressSeenBy(client, "X-Forwarded-For", "10.0.0.2, 203.0.113.7, 10.0.0.2")).isEqualTo("203.0.113.7");
        });
    }

    @Test
    void whenEveryForwardedAddressIsATrustedProxyTheLeftmostIsTheClient() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1", "10.0.0.2", "10.0.0.3"), (server, client) -> {
            assertThat(addressSeenBy(client, "X-Forwarded-For", "10.0.0.3, 10.0.0.2")).isEqualTo("10.0.0.3");
        });
    }

    /**
     * An entry that is not an IP address ({@code unknown}, a host name, garbage) ends the walk: the client is the
     * nearest trusted hop, the last address known to be real, never the text itself.
     */
    @Test
    void anEntryThatIsNotAnAddressLeavesTheNearestTrustedHopAsTheClient() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1", "10.0.0.2"), (server, client) -> {
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7, unknown, 10.0.0.2")).isEqualTo("10.0.0.2");
            assertThat(addressSeenBy(client, "X-Forwarded-For", "evil.example")).isEqualTo("127.0.0.1");
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7, ")).isEqualTo("127.0.0.1");
            // A port some proxies append is not part of the address: one client stays one client.
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7:50123")).isEqualTo("203.0.113.7");
            assertThat(addressSeenBy(client, "X-Forwarded-For", "[2001:db8::7]:50123")).isEqualTo("2001:db8::7");
        });
    }

    @Test
    void trustedProxiesMayBeGivenAsRanges() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.0/8", "10.0.0.0/8", "2001:db8:1::/48"), (server, client) -> {
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7, 10.20.30.40")).isEqualTo("203.0.113.7");
            assertThat(addressSeenBy(client, "X-Forwarded-For", "2001:db8::7, 2001:db8:1:ffff::1")).isEqualTo("2001:db8::7");
            assertThat(addressSeenBy(client, "X-Forwarded-For", "203.0.113.7, 11.0.0.1")).as("outside the range").isEqualTo("11.0.0.1");
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
