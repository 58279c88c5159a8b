package dev.arbor.spi;

import dev.arbor.Arbor;
import dev.arbor.Cors;
import dev.arbor.CorsPolicy;
import dev.arbor.Page;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.Services;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One route as the annotation processor describes it. For generated code; apps do not write these: they pass the
 * generated lists ({@code ShopApp_.ROUTES}) or single definitions ({@code PostRoute_.ROUTE}) to
 * {@link Arbor.Builder#routes(java.util.Collection)}.
 *
 * @param kind whether the class is a {@link Route} or a {@link Page}
 * @param path the path pattern
 * @param handler the route class's name, for the start-up table and for logs
 * @param methods the verbs the class declares, upper case
 * @param access each verb's access policy, by upper-case verb; a page's {@code GET} is public
 * @param cors the class's {@link Cors} policy, or {@code null}
 * @param maxBodySize the class's body limit in bytes, or {@code -1} for the app's default
 * @param revalidate for a page, the seconds its rendered HTML may be served from cache; 0 for none
 * @param query for a page, the query parameters that key its cached render (see {@link Page#query()}), sorted
 * @param factory builds the route object from the app's services and returns its verb dispatcher
 */
public record RouteDefinition(Kind kind, String path, String handler, List<String> methods, Map<String, Access> access, CorsPolicy cors, long maxBodySize, int revalidate,
                              List<String> query, Function<Services, Invoker> factory) {
    /** What a route class is, which decides how its entry in the route table answers. */
    public enum Kind {
        /** A {@link Route}: its verb methods answer whoever calls. */
        ROUTE,
        /** A {@link Page}: its {@code get()} renders, and POSTs to its path call server actions. */
        PAGE;

        /** The word the start-up route table prints. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RouteDefinition {
        java.util.Objects.requireNonNull(kind, "a route definition names its kind");
        methods = List.copyOf(methods);
        // Sorted once here, so a cache key does not depend on the order the names were declared in.
        query = query.stream().sorted().toList();
        access = Map.copyOf(access);
        for (String method : methods) {
            if (!access.containsKey(method)) {
                throw new IllegalArgumentException(handler + " declares no access policy for " + method);
            }
        }
    }

    /** The policy of a verb ({@code HEAD} is {@code GET}'s). */
    public Access access(String method) {
        return access.get(method.equals("HEAD") ? "GET" : method);
    }

    /** Whether this is a page, whose POSTs call server actions. */
    public boolean isPage() {
        return kind == Kind.PAGE;
    }

    /** Calls the verb method of a constructed route; returns {@code null} for a verb the class lacks. */
    @FunctionalInterface
    public interface Invoker {
        Response invoke(String method, Request request) throws Exception;
    }
}
