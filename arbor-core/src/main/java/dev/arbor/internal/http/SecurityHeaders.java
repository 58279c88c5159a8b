package dev.arbor.internal.http;

import dev.arbor.Response;

/**
 * The headers every HTML response carries: a strict CSP whose scripts need this response's nonce, no
 * framing by other sites, no MIME sniffing, a referrer policy, and HSTS over HTTPS.
 */
final class SecurityHeaders {
    private SecurityHeaders() {}

    static void html(Response response, String nonce, boolean https) {
        String scripts = nonce == null ? "'none'" : "'nonce-" + nonce + "' 'strict-dynamic'";
        response.header("Content-Security-Policy", "default-src 'self'; script-src " + scripts
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                + "frame-ancestors 'self'; form-action 'self'");
        response.header("Referrer-Policy", "strict-origin-when-cross-origin");
        response.header("X-Frame-Options", "SAMEORIGIN");
        if (https) {
            response.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }
}
