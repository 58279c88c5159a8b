package dev.arbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A configuration that cannot work fails when it is written, saying what is wrong, rather than misbehaving later. */
class ConfigurationErrorsTest {
    private static final byte[] SECRET = new byte[32];

    @Test
    void everyLimitMustBePositive() {
        List<UnaryOperator<Limits>> zeroes = List.of(l -> l.withMaxBodySize(0), l -> l.withMaxFormFields(0),
                l -> l.withMaxJsonDepth(0), l -> l.withMaxStringLength(-1), l -> l.withMaxHeaderSize(0),
                l -> l.withMaxUploadFileSize(0), l -> l.withMaxUploadSize(0), l -> l.withMaxUploadParts(0),
                l -> l.withMinBodyRate(0), l -> l.withMaxJsonTokens(0), l -> l.withMaxEventStreamsPerClient(0),
                l -> l.withMaxEventStreams(-1), l -> l.withMaxEventStreams(0));
        for (UnaryOperator<Limits> zero : zeroes) {
            assertThatThrownBy(() -> zero.apply(Limits.defaults())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("Limits\\.\\w+ must be positive, was -?\\d+");
        }
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> Limits.defaults().withIdleTimeout(bad)).hasMessageContaining("Limits.idleTimeout must be a positive duration");
            assertThatThrownBy(() -> Limits.defaults().withHeaderReadTimeout(bad)).hasMessageContaining("Limits.headerReadTimeout");
            assertThatThrownBy(() -> Limits.defaults().withBodyReadTimeout(bad)).hasMessageContaining("Limits.bodyReadTimeout");
        }
    }

    @Test
    void aTrustedProxyThatIsNeitherAnAddressNorARangeSaysWhichAndWhy() {
        assertThatThrownBy(() -> Arbor.builder().trustedProxies("10.0.0.2", "proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Arbor.Builder.trustedProxies: 'proxy.internal' is not an IP address or a range such as 10.0.0.0/8");
        assertThatThrownBy(() -> Arbor.builder().trustedProxies("10.0.0.0/33"))
                .hasMessage("Arbor.Builder.trustedProxies: '10.0.0.0/33' has a prefix length beyond 32");
        assertThatThrownBy(() -> Arbor.builder().trustedProxies("2001:db8::/129"))
                .hasMessage("Arbor.Builder.trustedProxies: '2001:db8::/129' has a prefix length beyond 128");
        assertThatThrownBy(() -> Arbor.builder().trustedProxies("10.0.0.0/x"))
                .hasMessage("Arbor.Builder.trustedProxies: '10.0.0.0/x' is not an IP address or a range such as 10.0.0.0/8");
        for (String entry : new String[] {"10.0.0.0/", "/8", ""}) {
            assertThatThrownBy(() -> Arbor.builder().trustedProxies(entry)).as(entry).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Arbor.Builder.trustedProxies: '" + entry + "' is not an IP address or a range such as 10.0.0.0/8");
        }
    }

    @Test
    void aTrustedProxyIsAnAddressWithoutPortOrBrackets() {
        // Read as the bare address, "10.0.0.2:443" would trust 10.0.0.2 on every port while looking like something narrower.
        for (String entry : new String[] {"10.0.0.2:443", "[::1]", "[2001:db8::7]:443", "10.0.0.2:443/32"}) {
            assertThatThrownBy(() -> Arbor.builder().trustedProxies(entry)).as(entry).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Arbor.Builder.trustedProxies: '" + entry
                            + "' is not an address alone; give it without port or brackets, such as 10.0.0.2 or ::1");
        }
        Arbor.builder().trustedProxies("::1", "2001:db8::7", "10.0.0.2", "fd00::/8");
    }

    @Test
    void theEventStreamLimitsSayWhichIsWrong() {
        assertThatThrownBy(() -> Limits.defaults().withMaxEventStreamsPerClient(0))
                .hasMessage("Limits.maxEventStreamsPerClient must be positive, was 0");
        assertThatThrownBy(() -> Arbor.builder().limits(Limits.defaults().withMaxEventStreams(-5)))
                .hasMessage("Limits.maxEventStreams must be positive, was -5");
    }

    @Test
    void theDefaultTotalOfEventStreamsFollowsTheHeapWithinBounds() {
        assertThat(Limits.eventStreamsFor(64L << 20)).isEqualTo(256);
        assertThat(Limits.eventStreamsFor(1L << 30)).isEqualTo(4096);
        assertThat(Limits.eventStreamsFor(1L << 40)).isEqualTo(100_000);
        assertThat(Limits.defaults().maxEventStreamsPerClient()).isEqualTo(16);
        assertThat(Limits.defaults().maxEventStreams()).isBetween(256, 100_000);
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        assertThatThrownBy(() -> Arbor.builder().pageCacheBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the page cache size is a number of bytes, 0 or more");
        Arbor.builder().pageCacheBytes(0);
        assertThatThrownBy(() -> Arbor.builder().secret(new byte[31])).hasMessage("the app secret must have at least 32 bytes");
        assertThatThrownBy(() -> Arbor.builder().previousSecret(new byte[31], Instant.now()))
                .hasMessage("a previous app secret must have at least 32 bytes");
        assertThatThrownBy(() -> Arbor.builder().boundValuesLifetime(Duration.ZERO))
                .hasMessage("the lifetime of bound values must be positive");
        assertThatThrownBy(() -> Arbor.builder().idempotencyKeyLifetime(Duration.ofSeconds(-1)))
                .hasMessage("the idempotency key lifetime must be positive");
        assertThatThrownBy(() -> Arbor.builder().https(Path.of("no-such-keystore.p12"), "x"))
                .hasMessageContaining("the TLS key store no-such-keystore.p12 does not exist or cannot be read");
        assertThatThrownBy(() -> Arbor.builder().port(0).printTo(null).previousSecret(SECRET, Instant.now().plusSeconds(60))
                .build().start()).hasMessageContaining("Arbor.Builder.previousSecret(...) needs a current Arbor.Builder.secret(...)");
    }
}
