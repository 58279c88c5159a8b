package dev.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.ArborTest;
import dev.arbor.test.TestClient;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Test;

/** Forwarded headers decide the expected origin only when they come from a trusted proxy. */
class ForwardedOriginTest {
    private final Fixtures fixtures = new Fixtures();

    private static TestResponse postFrom(TestClient client, String... headers) {
        return ActionForm.of(client.get("/counter"), 0).submit(client, "/counter", "", headers);
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        ArborTest.run(TestApp.builder(fixtures), (server, client) -> {
            TestResponse response = postFrom(client, "Origin", "https://evil.example",
                    "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https");
            assertThat(response.status()).isEqualTo(403);
            assertThat(fixtures.invocations.get()).isZero();
        });
    }

    @Test
    void forwardedHeadersFromATrustedProxyNameThePublicOrigin() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1"), (server, client) -> {
            TestResponse response = postFrom(client, "Origin", "https://shop.example",
                    "X-Forwarded-Host", "shop.example", "X-Forwarded-Proto", "https");
            assertThat(response.status()).isEqualTo(303);
            assertThat(fixtures.invocations.get()).isEqualTo(1);
        });
    }

    @Test
    void onlyTheLastForwardedValueCountsTheOnesBeforeItMayComeFromTheClient() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).trustedProxies("127.0.0.1"), (server, client) -> {
            // The client wrote "evil.example, https"; the proxy appended what it saw.
            assertThat(postFrom(client, "Origin", "https://evil.example",
                    "X-Forwarded-Host", "evil.example, shop.example", "X-Forwarded-Proto", "https, https").status()).isEqualTo(403);
            assertThat(postFrom(client, "Origin", "https://shop.example",
                    "X-Forwarded-Host", "evil.example, shop.example", "X-Forwarded-Proto", "http, https").status()).isEqualTo(303);
            assertThat(fixtures.invocations.get()).isEqualTo(1);
        });
    }

    @Test
    void aConfiguredOriginWinsOverTheRequestsHost() throws Exception {
        ArborTest.run(TestApp.builder(fixtures).origins("https://shop.example"), (server, client) -> {
            assertThat(postFrom(client, "Origin", server.uri().toString()).status()).isEqualTo(403);
            assertThat(postFrom(client, "Origin", "https://shop.example").status()).isEqualTo(303);
            assertThat(fixtures.invocations.get()).isEqualTo(1);
        });
    }
}
