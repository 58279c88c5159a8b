package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which addresses a trusted-proxy list holds; addresses are read as literals only, never looked up. */
class TrustedProxiesTest {
    private static TrustedProxies of(String... entries) {
        return TrustedProxies.of(List.of(entries));
    }

    @Test
    void aRangeHoldsExactlyTheAddressesSharingItsPrefix() {
        TrustedProxies proxies = of("10.0.0.0/8", "192.168.1.128/25", "2001:db8::/33");
        assertThat(proxies.contains("10.255.255.255")).isTrue();
        assertThat(proxies.contains("11.0.0.0")).isFalse();
        assertThat(proxies.contains("192.168.1.128")).isTrue();
        assertThat(proxies.contains("192.168.1.127")).isFalse();
        assertThat(proxies.contains("2001:db8:7fff::1")).isTrue();
        assertThat(proxies.contains("[2001:db8:8000::1]")).isFalse();
    }

    @Test
    void aSingleAddressIsItselfOnlyWhateverWayItIsWritten() {
        TrustedProxies proxies = of("::1", "10.0.0.2");
        assertThat(proxies.contains("[::1]")).as("as Jetty writes an IPv6 peer").isTrue();
        assertThat(proxies.contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(proxies.contains("::ffff:10.0.0.2")).as("IPv4-mapped").isTrue();
        assertThat(proxies.contains("10.0.0.3")).isFalse();
    }

    @Test
    void anIpv4RangeHoldsNoIpv6AddressAndTheOtherWayRound() {
        assertThat(of("0.0.0.0/0").contains("2001:db8::1")).isFalse();
        assertThat(of("::/0").contains("10.0.0.1")).isFalse();
        assertThat(of("0.0.0.0/0").contains("10.0.0.1")).isTrue();
    }

    @Test
    void onlyLiteralsAreAddressesSoNothingIsEverLookedUp() {
        assertThat(TrustedProxies.literal("localhost")).isNull();
        assertThat(TrustedProxies.literal("unknown")).isNull();
        assertThat(TrustedProxies.literal("1.2.3")).as("the JDK's legacy short form").isNull();
        assertThat(TrustedProxies.literal("010.0.0.1")).as("octal-looking").isNull();
        assertThat(TrustedProxies.literal("fe80::1%eth0")).as("a zone id").isNull();
        assertThat(TrustedProxies.literal("a:b:c")).isNull();
        assertThat(TrustedProxies.literal(" 203.0.113.7:443 ")).isNotNull();
    }

    @Test
    void forwardedForEntriesMayStillCarryPortsAndBrackets() {
        TrustedProxies proxies = of("10.0.0.2", "2001:db8::7");
        assertThat(proxies.contains("10.0.0.2:50123")).isTrue();
        assertThat(proxies.contains("[2001:db8::7]:443")).isTrue();
        assertThat(proxies.contains("[2001:db8::7]")).isTrue();
    }
}
