package dev.arbor.internal.http;

import dev.arbor.CorsPolicy;
import dev.arbor.spi.RouteDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * A route ready to serve: its constructed invoker, the CORS policy of the path prefix it lies under, its body
 * limit, and the {@code Allow} header value, all computed once at start-up. Ask {@link #cors(String)} which
 * CORS policy applies to a verb; {@code prefixCors} alone says nothing.
 */
public record RouteEntry(RouteDefinition definition, RouteDefinition.Invoker invoker, CorsPolicy prefixCors, long maxBodySize,
                         long maxUploadSize, String allow) {

    /**
     * A route's own {@code maxBodySize} caps every body it takes, uploads included; without one, bodies get the
     * app's body limit and uploads the app's upload limit.
     */
    public static RouteEntry of(RouteDefinition definition, RouteDefinition.Invoker invoker, CorsPolicy prefixCors, dev.arbor.Limits limits) {
        boolean own = definition.maxBodySize() > 0;
        long maxBodySize = own ? definition.maxBodySize() : limits.maxBodySize();
        long maxUploadSize = own ? definition.maxBodySize() : limits.maxUploadSize();
        List<String> allowed = new ArrayList<>(definition.methods());
        if (definition.isPage()) {
            allowed.add("POST");
        }
        if (allowed.contains("GET")) {
            allowed.add(allowed.indexOf("GET") + 1, "HEAD");
        }
        allowed.add("OPTIONS");
        return new RouteEntry(definition, invoker, prefixCors, maxBodySize, maxUploadSize, String.join(", ", allowed));
    }

    /**
     * The CORS policy for {@code method}, or null: the route's own {@code @Cors} for every verb; else the prefix
     * policy, but only for a {@code @Public} verb. A policy written for a whole path must not open to other sites
     * a verb whose declared access is narrower (an administrators' upload below a public catalogue).
     */
    CorsPolicy cors(String method) {
        if (definition.cors() != null) {
            return definition.cors();
        }
        dev.arbor.spi.Access access = definition.access(method);
        return access != null && access.kind() == dev.arbor.spi.Access.Kind.PUBLIC ? prefixCors : null;
    }

    /** Whether the route answers {@code method}, counting HEAD as GET. */
    boolean answers(String method) {
        return definition.methods().contains(method.equals("HEAD") ? "GET" : method);
    }
}
