package dev.arbor.internal.http;

import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * The address of the client behind a request, for limits kept per client: the connection's peer, or, when the
 * peer is a configured trusted proxy, the last {@code X-Forwarded-For} entry, the address that proxy itself saw.
 * Entries before it came from the client and could name anyone. From any other peer the header is ignored, so a
 * client cannot spread itself over many addresses by writing them.
 */
final class ClientAddress {
    private final Set<String> trustedProxies;

    ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    String of(Request request) {
        String peer = Request.getRemoteAddr(request);
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        // A proxy appends to the header, or adds a line of its own (HAProxy): either way its entry is the last one.
        java.util.List<String> lines = request.getHeaders().getValuesList("X-Forwarded-For");
        if (lines.isEmpty()) {
            return peer;
        }
        String forwarded = lines.getLast();
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
        return last.isEmpty() ? peer : last;
    }
}
