package dev.arbor.internal.http;

import dev.arbor.Response;

/**
 * The headers every HTML response carries: a strict CSP whose scripts need this response's nonce, no
 * framing by other sites, no MIME sniffing, a referrer policy, and HSTS over HTTPS.
 */
final class SecurityHeaders {
    private SecurityHeaders() {}

    private static final String AFTER_SCRIPTS = "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'self'; form-action 'self'";
    private static final String WITHOUT_SCRIPTS = "default-src 'self'; script-src 'none'" + AFTER_SCRIPTS;

    /**
     * For HTML that did not come from a page (a route's own, an error page): scripts off, unless the route set
     * its own policy. Called by the writer for every text/html answer without a {@code Content-Security-Policy}.
     */
    static void htmlWithoutScripts(org.eclipse.jetty.http.HttpFields.Mutable headers) {
        headers.put("Content-Security-Policy", WITHOUT_SCRIPTS);
        if (!headers.contains("Referrer-Policy")) {
            headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
        }
        if (!headers.contains("X-Frame-Options")) {
            headers.put("X-Frame-Options", "SAMEORIGIN");
        }
    }

    /** A page's headers: its scripts need this response's nonce. HSTS is the writer's, for every HTTPS answer. */
    static void html(Response response, String nonce) {
        response.header("Content-Security-Policy", nonce == null ? WITHOUT_SCRIPTS
                : "default-src 'self'; script-src 'nonce-" + nonce + "' 'strict-dynamic'" + AFTER_SCRIPTS);
        response.header("Referrer-Policy", "strict-origin-when-cross-origin");
        response.header("X-Frame-Options", "SAMEORIGIN");
    }
}
