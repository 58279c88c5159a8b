package shop.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {
    @Test
    void anIpv4AddressIsItsOwnKey() {
        assertThat(ClientNetwork.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientNetwork.of("203.0.113.8")).isNotEqualTo(ClientNetwork.of("203.0.113.7"));
    }

    @Test
    void twoIpv6AddressesOfOneSlash64ShareAKey() {
        assertThat(ClientNetwork.of("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64")
                .isEqualTo(ClientNetwork.of("2001:0db8:0001:0002:ffff:ffff:ffff:fffe"))
                .isEqualTo(ClientNetwork.of("[2001:db8:1:2:abcd::9]"));
    }

    @Test
    void ipv6AddressesOfDifferentSlash64sHaveDifferentKeys() {
        assertThat(ClientNetwork.of("2001:db8:1:2::1")).isNotEqualTo(ClientNetwork.of("2001:db8:1:3::1"));
        assertThat(ClientNetwork.of("::1")).isEqualTo("0:0:0:0::/64");
    }

    @Test
    void anIpv4MappedIpv6AddressIsKeyedAsItsIpv4Address() {
        assertThat(ClientNetwork.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientNetwork.of("::ffff:cb00:7108")).isEqualTo("203.0.113.8");
    }

    @Test
    void somethingThatIsNoAddressIsKeptAsItIs() {
        assertThat(ClientNetwork.of("unknown")).isEqualTo("unknown");
        assertThat(ClientNetwork.of("not:an:address")).isEqualTo("not:an:address");
    }
}
