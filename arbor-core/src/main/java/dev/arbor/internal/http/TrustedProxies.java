package dev.arbor.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-*} headers are believed: single addresses ({@code 10.0.0.2},
 * {@code ::1}) and ranges ({@code 10.0.0.0/8}, {@code fd00::/8}), parsed once at start-up. Addresses are only ever
 * read as literals, never looked up, so a header value cannot make the server query DNS.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // Only hex digits, colons and an embedded IPv4 tail: no zone id (%eth0), which the JDK would resolve.
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** @throws IllegalArgumentException naming the first entry that is neither an address nor a range */
    public static TrustedProxies of(Collection<String> entries) {
        return new TrustedProxies(entries.stream().map(TrustedProxies::range).toList());
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (a peer from Jetty or an {@code X-Forwarded-For} entry) is a trusted proxy. */
    boolean contains(String address) {
        return !ranges.isEmpty() && contains(literal(address));
    }

    boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The address a literal names, or null when it is not one. Brackets around IPv6 ({@code [::1]}, as Jetty
     * writes a peer) and a port some proxies append ({@code 203.0.113.7:50123}, {@code [2001:db8::7]:443}) are
     * not part of the address.
     */
    static InetAddress literal(String text) {
        String host = host(text);
        if (host == null || !(IPV4.matcher(host).matches() || IPV6.matcher(host).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // a checked literal: parsed, never resolved
        } catch (UnknownHostException malformed) {
            return null;
        }
    }

    /** The address part of an entry: without brackets or port, or null when blank. */
    static String host(String text) {
        String entry = text.strip();
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? null : entry.substring(1, end);
        }
        int colon = entry.indexOf(':');
        if (colon > 0 && colon == entry.lastIndexOf(':')) {
            entry = entry.substring(0, colon); // IPv4 with a port; an IPv6 address has more than one colon
        }
        return entry.isEmpty() ? null : entry;
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        String host = host(address);
        if (host != null && !host.equals(address.strip())) {
            // Headers may carry a port or brackets; a configured "10.0.0.2:443" would trust 10.0.0.2 on every port.
            throw new IllegalArgumentException("Arbor.Builder.trustedProxies: '" + entry
                    + "' is not an address alone; give it without port or brackets, such as 10.0.0.2 or ::1");
        }
        InetAddress base = literal(address);
        if (base == null || (slash >= 0 && !entry.substring(slash + 1).matches("\\d{1,3}"))) {
            throw new IllegalArgumentException("Arbor.Builder.trustedProxies: '" + entry
                    + "' is not an IP address or a range such as 10.0.0.0/8");
        }
        int bits = base.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
        if (prefix > bits) {
            throw new IllegalArgumentException("Arbor.Builder.trustedProxies: '" + entry + "' has a prefix length beyond " + bits);
        }
        return new Range(base.getAddress(), prefix);
    }

    /** The addresses sharing the first {@code prefix} bits of {@code base}; IPv4 and IPv6 never match each other. */
    private record Range(byte[] base, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != base.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != base[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (base[whole] & mask);
        }
    }
}
