package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Response;
import dev.arbor.spi.Access;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Serves a {@code @Route}: OPTIONS (a CORS preflight, else {@code Allow}), 405 for a verb it lacks, the cross-site
 * check when the session cookie authenticates, the verb's access policy, {@code Idempotency-Key}, and then the
 * generated invoker. Every refusal comes before the key is claimed, so a stored answer is replayed only to a caller
 * the route accepts now, and a refused request claims no key.
 */
final class RouteEndpoint implements Endpoint {
    private final RouteEntry entry;
    private final CrossSite crossSite;
    private final Idempotency idempotency;

    RouteEndpoint(RouteEntry entry, CrossSite crossSite, Idempotency idempotency) {
        this.entry = entry;
        this.crossSite = crossSite;
        this.idempotency = idempotency;
    }

    @Override
    public RouteEntry entry() {
        return entry;
    }

    @Override
    public boolean servesPages() {
        return false;
    }

    @Override
    public Response handle(Exchange exchange) throws Exception {
        String method = exchange.method();
        ArborRequest request = exchange.request();
        boolean answers = entry.answers(method);
        if (answers) {
            // Before anything reads the session (the idempotency scope does): bearer and webhook routes never see it.
            exchange.caller().limitCredentials(entry.definition().access(method));
        }
        HttpError invalidCredential = AccessGuard.invalidCredential(exchange.caller());
        if (invalidCredential != null) {
            return AccessGuard.answer(exchange, invalidCredential, null);
        }
        if (method.equals("OPTIONS")) {
            var headers = exchange.jetty().getHeaders();
            if (exchange.origin() != null && exchange.preflight()) {
                return CorsHeaders.preflight(entry, exchange.origin(), headers.get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD),
                        headers.get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS));
            }
            return Response.noContent().header("Allow", entry.allow());
        }
        if (!answers) {
            return Response.problem(405, method + " is not allowed here; this path answers " + entry.allow()).header("Allow", entry.allow());
        }
        Access access = entry.definition().access(method);
        if (!method.equals("GET") && !method.equals("HEAD") && exchange.caller().readsCookie()) {
            // A request the session cookie authenticates is as forgeable as an action, whatever else it carries.
            HttpError crossSiteRefused = crossSite.checkRoute(exchange, entry.cors(method));
            if (crossSiteRefused != null) {
                return Response.problem(crossSiteRefused);
            }
        }
        HttpError refused = AccessGuard.refusal(access, request);
        if (refused != null) {
            return AccessGuard.answer(exchange, refused, access);
        }
        Idempotency.Ticket ticket = idempotency.open(exchange);
        if (ticket == null) {
            return invoke(exchange);
        }
        if (ticket.earlier() != null) {
            return ticket.earlier();
        }
        Response answer;
        try {
            answer = invoke(exchange);
        } catch (Throwable thrown) {
            // Settled with the answer the client gets, a failure included: a 5xx frees the key for a retry.
            answer = Failures.answer(exchange, thrown);
        }
        ticket.settle(answer);
        return answer;
    }

    private Response invoke(Exchange exchange) throws Exception {
        String method = exchange.method();
        Response answer = entry.invoker().invoke(method.equals("HEAD") ? "GET" : method, exchange.request());
        if (answer == null) {
            throw new IllegalStateException(entry.definition().handler() + " returned a null Response for " + method);
        }
        return answer;
    }
}
