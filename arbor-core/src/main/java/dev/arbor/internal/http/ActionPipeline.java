package dev.arbor.internal.http;

import dev.arbor.ActionResult;
import dev.arbor.FormState;
import dev.arbor.HttpError;
import dev.arbor.Response;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.bind.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs the server action a page's form posts, in this order and nowhere else: the cross-site check, the form,
 * the action's lookup, its access policy, its body limit, its bound values, then the action with its form bound
 * and validated, and the answer: for a plain form post 303 (or 422 with the page), for the client runtime the
 * page re-rendered or a redirect header. One action, two encodings: only that last step differs. Nothing of the
 * action runs before the cross-site check passes, and this is the only caller of action invokers.
 */
final class ActionPipeline {
    private static final String OUT_OF_DATE = "This page is out of date: it was reloaded, please try again.";
    private static final String TOO_OLD = "This form was too old to send: the page was reloaded, please try again.";

    private final Keys keys;
    private final Map<String, ActionEntry> actions;
    private final CrossSite crossSite;
    private final PageRenderer pages;
    private final String buildId;

    ActionPipeline(Keys keys, Map<String, ActionEntry> actions, CrossSite crossSite, PageRenderer pages) {
        this.keys = keys;
        this.actions = actions;
        this.crossSite = crossSite;
        this.pages = pages;
        this.buildId = buildId(actions);
    }

    /**
     * The id of this build's action table: a hash of the method identities of its actions, which include their
     * parameter types. Two builds with the same actions have the same id, whatever their key rings.
     */
    static String buildId(Map<String, ActionEntry> actions) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        actions.values().forEach(a -> keys.add(a.definition().ref().key()));
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            keys.forEach(k -> digest.update((k + "\n").getBytes(StandardCharsets.UTF_8)));
            return java.util.HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every answer to an action post names the build that gave it, so a client can tell it talked to another one. */
    Response run(Exchange exchange) throws Exception {
        Response answer;
        try {
            answer = runAction(exchange);
        } catch (HttpError refused) {
            // Thrown before the action ran: a body too large or not a form, bound values altered.
            answer = ErrorPages.refusal(exchange, refused);
        }
        return answer.header("X-Build-Id", buildId);
    }

    private Response runAction(Exchange exchange) throws Exception {
        HttpError crossSiteRefused = crossSite.checkAction(exchange);
        if (crossSiteRefused != null) {
            return ErrorPages.refusal(exchange, crossSiteRefused);
        }
        ArborRequest request = exchange.request();
        if (!exchange.body().isMultipart() && !"application/x-www-form-urlencoded".equals(request.contentType())) {
            return ErrorPages.refusal(exchange, new HttpError(415, (request.contentType() == null ? "No Content-Type" : "Content-Type "
                    + request.contentType()) + ": an action takes a form (application/x-www-form-urlencoded or multipart/form-data)"));
        }
        Map<String, List<String>> fields = request.form();
        String id = first(fields, "_action");
        if (!isActionId(id)) {
            return ErrorPages.refusal(exchange, new HttpError(400, "action-missing", "The form names no valid action (_action)", List.of()));
        }
        ActionEntry action = actions.get(id);
        // Unknown: a page from another build (or a key that left the ring). Never another action in its place.
        if (action == null || !keys.stillAccepted(action.acceptedUntil())) {
            return outOfDate(exchange, "build-mismatch", OUT_OF_DATE);
        }
        HttpError refused = AccessGuard.refusal(action.definition().access(), request);
        if (refused != null) {
            // Before its bound values, its form or its code are touched.
            return AccessGuard.answer(exchange, refused, action.definition().access());
        }
        long limit = action.definition().maxBodySize();
        if (limit > 0 && exchange.body().bytesRead() > limit) {
            return ErrorPages.refusal(exchange, new HttpError(413, "Request larger than this action's " + limit + " bytes"));
        }
        List<Object> bound;
        try {
            bound = openBound(action, first(fields, "_bound"));
        } catch (HttpError expired) {
            if (expired.status() != 409) {
                throw expired;
            }
            return outOfDate(exchange, expired.type(), TOO_OLD);
        }
        ActionCall call = new ActionCall(exchange, action, fields, bound);
        ActionResult result;
        try {
            result = action.invoker().invoke(call);
        } catch (ActionCall.InvalidForm invalid) {
            result = new ActionResult.State(invalid.state().withValues(call.submittedValues()));
        } catch (HttpError thrown) {
            // An action may throw an expected HTTP error (429 from a rate limit, 401 from requireUser…):
            // the client runtime gets the problem, a plain form post a page it can show.
            return ErrorPages.answer(exchange, thrown);
        } catch (Exception failure) {
            if (!ServiceUnavailable.causedBy(failure)) {
                throw failure;
            }
            return unavailable(call, failure);
        }
        return answer(call, result);
    }

    /**
     * The database could not be reached: the form comes back as it was sent, to be sent again; a script is told to
     * send the same request again.
     */
    private Response unavailable(ActionCall call, Exception failure) throws Exception {
        Exchange exchange = call.exchange();
        ServiceUnavailable.log(exchange, failure);
        if (!exchange.enhanced() && !exchange.wantsHtml()) {
            return Response.problem(ServiceUnavailable.error());
        }
        FormState retry = FormState.failure(ServiceUnavailable.MESSAGE).withValues(call.submittedValues());
        return ServiceUnavailable.retryAfter(pages.render(exchange, Map.of(call.key(), retry), 503));
    }

    private Response answer(ActionCall call, ActionResult result) throws Exception {
        Exchange exchange = call.exchange();
        boolean enhanced = exchange.enhanced();
        return switch (result) {
            case ActionResult.Redirect redirect -> enhanced
                    ? Response.noContent().header("Arbor-Redirect", redirect.location())
                    : Response.redirect(redirect.location());
            case ActionResult.State state when state.state().failed() ->
                    pages.render(exchange, Map.of(call.key(), state.state().withValues(call.submittedValues())), 422);
            case ActionResult.State state -> {
                if (enhanced) {
                    yield pages.render(exchange, Map.of(call.key(), state.state()), 200);
                }
                Response back = Response.redirect(exchange.target());
                if (!state.state().message().isEmpty()) {
                    Flash.leave(keys, exchange, back, new Flash.Message(call.action().id(), state.state().message()));
                }
                yield back;
            }
            case ActionResult.NotFound notFound -> ErrorPages.answer(exchange, HttpError.notFound(notFound.message()));
            case ActionResult.Forbidden forbidden -> ErrorPages.answer(exchange, HttpError.forbidden(forbidden.message()));
        };
    }

    /**
     * Nothing ran; the page must be loaded again. The client runtime gets a 409 problem and reloads, a plain form
     * post 303 back to the page; either way the flash makes the reloaded page say why.
     */
    private Response outOfDate(Exchange exchange, String type, String message) {
        Response answer = exchange.enhanced()
                ? Response.problem(new HttpError(409, type, message, List.of())).header("Arbor-Reload", "1")
                : Response.redirect(exchange.target());
        return Flash.leave(keys, exchange, answer, new Flash.Message("", message));
    }

    private List<Object> openBound(ActionEntry action, String sealed) {
        List<Class<?>> types = action.definition().ref().boundTypes();
        if (types.isEmpty()) {
            return List.of();
        }
        if (sealed == null) {
            throw new HttpError(400, "invalid-bound-args", "The form lacks the action's bound values", List.of());
        }
        byte[] plain = keys.open(action.id(), sealed);
        // Read straight from the array's tokens into each bound type: no tree of nodes in between.
        try (JsonParser parser = Json.mapper().createParser(plain)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException();
            }
            Object[] values = new Object[types.size()];
            for (int i = 0; i < values.length; i++) {
                JsonToken next = parser.nextToken();
                if (next == null || next == JsonToken.END_ARRAY) {
                    throw new IllegalArgumentException();
                }
                // Each value is followed by the rest of the array, so the mapper's refusal of trailing tokens is
                // lifted for it; the array as a whole must end right after the last value (checked below).
                values[i] = Json.mapper().readerFor(types.get(i))
                        .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(parser);
            }
            if (parser.nextToken() != JsonToken.END_ARRAY || parser.nextToken() != null) {
                throw new IllegalArgumentException();
            }
            return List.of(values);
        } catch (Exception e) {
            throw new HttpError(400, "invalid-bound-args", "The form's bound values are not what the action takes", List.of());
        }
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** 22 base64url characters, checked without a regular expression on every post. */
    private static boolean isActionId(String id) {
        if (id == null || id.length() != 22) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
