package dev.arbor.internal.http;

import java.net.InetAddress;
import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * The address of the client behind a request, for limits kept per client: the connection's peer, or, when the
 * peer is a configured trusted proxy, the nearest untrusted address in {@code X-Forwarded-For}. Each proxy appends
 * the address it saw, so walking the entries from the right past trusted proxies (a CDN's edge behind which sits
 * nginx, say) reaches the address the outermost trusted proxy saw; entries before it came from the client and could
 * name anyone. When every entry is a trusted proxy the leftmost is the client. An entry that is not an IP address
 * ends the walk at the nearest trusted hop, the last address known to be real. From any other peer the header is
 * ignored, so a client cannot spread itself over many addresses by writing them.
 */
public final class ClientAddress {
    private final TrustedProxies trustedProxies;

    public ClientAddress(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    TrustedProxies trustedProxies() {
        return trustedProxies;
    }

    String of(Request request) {
        String peer = Request.getRemoteAddr(request);
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        // A proxy appends to the header, or adds a line of its own (HAProxy): the lines in order make one list.
        List<String> lines = request.getHeaders().getValuesList("X-Forwarded-For");
        String nearest = peer;
        for (int line = lines.size() - 1; line >= 0; line--) {
            String[] entries = lines.get(line).split(",", -1);
            for (int i = entries.length - 1; i >= 0; i--) {
                InetAddress address = TrustedProxies.literal(entries[i]);
                if (address == null) {
                    return nearest;
                }
                nearest = TrustedProxies.host(entries[i]);
                if (!trustedProxies.contains(address)) {
                    return nearest;
                }
            }
        }
        return nearest;
    }
}
