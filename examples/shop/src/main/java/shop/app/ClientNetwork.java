package shop.app;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The network a client address stands for, as the key of per-address limits (logins, sign-ups). An IPv4 address
 * is its own key; an IPv6 address is keyed by its /64 prefix, because one customer line is routinely given a whole
 * /64, and keying each of its 2^64 addresses apart would hand whoever holds it as many fresh counts.
 */
public final class ClientNetwork {
    private ClientNetwork() {}

    /** The key for {@code address}: IPv4 (also when written IPv4-mapped) as is, IPv6 as {@code 2001:db8:1:2::/64}. */
    public static String of(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        InetAddress parsed;
        try {
            // In brackets the JDK reads the text as an IPv6 literal or refuses it; it never asks DNS.
            parsed = InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
        if (parsed instanceof Inet4Address) {
            return parsed.getHostAddress(); // ::ffff:a.b.c.d is the IPv4 client it maps
        }
        byte[] bytes = parsed.getAddress();
        return String.format("%x:%x:%x:%x::/64", word(bytes, 0), word(bytes, 2), word(bytes, 4), word(bytes, 6));
    }

    private static int word(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }
}
