package dev.arbor.internal.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Treats a request as HTTPS when a configured trusted proxy that terminated TLS says so with
 * {@code X-Forwarded-Proto: https}, so that HSTS, {@code Secure} cookies and the {@code __Host-} session cookie
 * follow the scheme the browser used. From any other peer the header is ignored: a client cannot make a plain
 * HTTP exchange look secure. Unlike Jetty's {@code ForwardedRequestCustomizer}, it trusts no peer by default
 * and changes nothing but the scheme.
 */
public final class ForwardedScheme implements HttpConfiguration.Customizer {
    private final TrustedProxies trustedProxies;

    public ForwardedScheme(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (trustedProxies.isEmpty() || request.isSecure() || !trustedProxies.contains(Request.getRemoteAddr(request))) {
            return request;
        }
        String proto = request.getHeaders().get("X-Forwarded-Proto");
        // Only the last value is what the trusted peer itself asserts; earlier ones may come from the client.
        if (proto == null || !proto.substring(proto.lastIndexOf(',') + 1).trim().equalsIgnoreCase("https")) {
            return request;
        }
        HttpURI https = HttpURI.build(request.getHttpURI()).scheme(HttpScheme.HTTPS).asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return https;
            }

            @Override
            public boolean isSecure() {
                return true;
            }
        };
    }
}
