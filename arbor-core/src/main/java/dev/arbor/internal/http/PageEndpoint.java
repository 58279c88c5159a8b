package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Response;
import java.util.List;
import java.util.Map;

/**
 * Serves a {@code @Page}: GET and HEAD render it ({@link PageRenderer}), a POST to the same URL runs one of its
 * forms' actions ({@link ActionPipeline}), OPTIONS lists the verbs, anything else is 405. A bearer token that
 * authenticates nobody is refused first, as on routes.
 */
final class PageEndpoint implements Endpoint {
    private static final String ALLOW = "GET, HEAD, POST, OPTIONS";

    private final RouteEntry entry;
    private final PageRenderer renderer;
    private final ActionPipeline actions;

    PageEndpoint(RouteEntry entry, PageRenderer renderer, ActionPipeline actions) {
        this.entry = entry;
        this.renderer = renderer;
        this.actions = actions;
    }

    @Override
    public RouteEntry entry() {
        return entry;
    }

    @Override
    public boolean servesPages() {
        return true;
    }

    @Override
    public Response handle(Exchange exchange) throws Exception {
        HttpError invalidCredential = AccessGuard.invalidCredential(exchange.caller());
        if (invalidCredential != null) {
            return AccessGuard.answer(exchange, invalidCredential, null);
        }
        return switch (exchange.method()) {
            case "GET", "HEAD" -> exchange.request().query("_action") != null ? actionByGet() : renderer.render(exchange, Map.of(), 200);
            case "POST" -> actions.run(exchange);
            case "OPTIONS" -> Response.noContent().header("Allow", ALLOW);
            default -> Response.problem(405, exchange.method() + " is not allowed on a page; it answers " + ALLOW).header("Allow", ALLOW);
        };
    }

    /**
     * A GET or HEAD naming an action (a form with {@code method="get"}, a link, a crawler, an {@code <img src>}) is
     * addressed to the action endpoint, which answers POST only: 405, and neither the action nor the page runs.
     */
    private static Response actionByGet() {
        return Response.problem(new HttpError(405, "action-needs-post", "Actions run only from a POST of their form", List.of()))
                .header("Allow", "POST");
    }
}
