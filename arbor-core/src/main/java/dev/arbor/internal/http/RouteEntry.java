package dev.arbor.internal.http;

import dev.arbor.CorsPolicy;
import dev.arbor.RouteDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * A route ready to serve: its constructed invoker, its effective CORS policy and body limit, and the
 * {@code Allow} header value, all computed once at start-up.
 */
public record RouteEntry(RouteDefinition definition, RouteDefinition.Invoker invoker, CorsPolicy cors, long maxBodySize,
                         long maxUploadSize, String allow) {

    /**
     * A route's own {@code maxBodySize} caps every body it takes, uploads included; without one, bodies get the
     * app's body limit and uploads the app's upload limit.
     */
    public static RouteEntry of(RouteDefinition definition, RouteDefinition.Invoker invoker, CorsPolicy cors, dev.arbor.Limits limits) {
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
        return new RouteEntry(definition, invoker, cors, maxBodySize, maxUploadSize, String.join(", ", allowed));
    }

    /** Whether the route answers {@code method}, counting HEAD as GET. */
    boolean answers(String method) {
        return definition.methods().contains(method.equals("HEAD") ? "GET" : method);
    }
}
