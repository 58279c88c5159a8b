package dev.arbor.internal.http;

import dev.arbor.CorsPolicy;
import dev.arbor.HttpError;
import dev.arbor.Response;
import java.util.List;

/** CORS headers of preflight and actual responses, by the policy {@link RouteEntry#cors(String)} gives a verb. */
final class CorsHeaders {
    private CorsHeaders() {}

    /** The whole answer to a preflight; {@link #actual} adds nothing to it. */
    static Response preflight(RouteEntry entry, String origin, String requestedMethod, String requestedHeaders) {
        CorsPolicy policy = entry.cors(requestedMethod);
        if (policy == null) {
            return refused(requestedMethod + " on this route is not open to other origins");
        }
        if (!policy.allows(origin)) {
            return refused("Origin " + origin + " may not call this route");
        }
        // A prefix policy covers only the public verbs; the route's own @Cors covers all it names.
        var methods = (policy.methods().isEmpty() ? entry.definition().methods() : policy.methods()).stream()
                .filter(m -> entry.cors(m) == policy).toList();
        if (!methods.contains(requestedMethod) && !(requestedMethod.equals("HEAD") && methods.contains("GET"))) {
            return refused(requestedMethod + " is not allowed from other origins");
        }
        if (requestedHeaders != null) {
            for (String header : requestedHeaders.split(",")) {
                String name = header.trim();
                if (!name.isEmpty() && policy.headers().stream().noneMatch(name::equalsIgnoreCase)) {
                    return refused("Header " + name + " is not allowed from other origins");
                }
            }
        }
        Response answer = Response.noContent()
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Methods", String.join(", ", methods))
                .header("Access-Control-Max-Age", Long.toString(policy.maxAgeSeconds()))
                .header("Vary", "Origin");
        if (!policy.headers().isEmpty()) {
            answer.header("Access-Control-Allow-Headers", String.join(", ", policy.headers()));
        }
        if (policy.credentials()) {
            answer.header("Access-Control-Allow-Credentials", "true");
        }
        return answer;
    }

    private static Response refused(String detail) {
        return Response.problem(new HttpError(403, "cors", detail, List.of())).header("Vary", "Origin");
    }

    /** The headers that let {@code origin} read {@code answer}, when {@code policy} allows it; nothing otherwise. */
    static void actual(Response answer, CorsPolicy policy, String origin) {
        if (policy == null || !policy.allows(origin)) {
            return;
        }
        answer.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
        if (policy.credentials()) {
            answer.header("Access-Control-Allow-Credentials", "true");
        }
        if (!policy.exposeHeaders().isEmpty()) {
            answer.header("Access-Control-Expose-Headers", String.join(", ", policy.exposeHeaders()));
        }
    }
}
