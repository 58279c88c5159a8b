package dev.arbor;

import java.util.List;
import java.util.Locale;

/**
 * Which cross-origin callers may use a route, as declared by {@link Cors} or given to
 * {@link Arbor.Builder#cors(String, CorsPolicy)} for a path prefix.
 *
 * @param origins allowed origins, compared case-insensitively; {@code "*"} allows any origin
 * @param methods allowed methods; empty means the verbs the route answers
 * @param headers request headers a caller may send
 * @param exposeHeaders response headers exposed to the caller's script
 * @param credentials whether cookies may be sent (not allowed together with {@code "*"})
 * @param maxAgeSeconds how long a browser may cache the preflight answer
 */
public record CorsPolicy(List<String> origins, List<String> methods, List<String> headers, List<String> exposeHeaders,
                         boolean credentials, long maxAgeSeconds) {
    public CorsPolicy {
        origins = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        methods = List.copyOf(methods);
        headers = List.copyOf(headers);
        exposeHeaders = List.copyOf(exposeHeaders);
        if (credentials && origins.contains("*")) {
            throw new IllegalArgumentException("CORS: credentials cannot be allowed for origin '*'; list the origins");
        }
    }

    /** A policy allowing these origins, the route's own verbs, and no credentials. */
    public static CorsPolicy allowOrigins(String... origins) {
        return new CorsPolicy(List.of(origins), List.of(), List.of(), List.of(), false, 600);
    }

    /** The same policy, also allowing these request headers. */
    public CorsPolicy withHeaders(String... allowed) {
        return new CorsPolicy(origins, methods, List.of(allowed), exposeHeaders, credentials, maxAgeSeconds);
    }

    /** The same policy, also allowing cookies. */
    public CorsPolicy withCredentials() {
        return new CorsPolicy(origins, methods, headers, exposeHeaders, true, maxAgeSeconds);
    }

    /** Whether a request from this origin is allowed. */
    public boolean allows(String origin) {
        return origin != null && (origins.contains("*") || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }
}
