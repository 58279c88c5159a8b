package dev.arbor;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request, as every handler sees it: path and query parameters, headers, cookies, and the body
 * (raw, bound to a record, as a form, or as uploaded files). Handlers run on virtual threads, so the body
 * methods may block. All body access is size-limited (see {@link Limits}); a request over a limit, or a
 * value that does not parse, stops the handler with a 4xx {@link HttpError}.
 */
public interface Request {
    /** The HTTP method, upper case. */
    String method();

    /** The decoded path, without the query string. */
    String path();

    /** A path parameter of the route pattern, such as {@code id} in {@code /api/posts/{id}}. */
    String pathParam(String name);

    /** A path parameter as a whole number; 400 if it is not one. */
    default long pathLong(String name) {
        return Values.parseLong(pathParam(name), "path parameter '" + name + "'");
    }

    /** A path parameter as an int; 400 if it is not one. */
    default int pathInt(String name) {
        return Values.parseInt(pathParam(name), "path parameter '" + name + "'");
    }

    /** The first value of a query parameter, or {@code null}. */
    String query(String name);

    /** Every value of a query parameter, in order. */
    List<String> queryAll(String name);

    /** A query parameter as an int, or {@code fallback} when absent; 400 if present but not a number. */
    default int queryInt(String name, int fallback) {
        String value = query(name);
        return value == null || value.isEmpty() ? fallback : Values.parseInt(value, "query parameter '" + name + "'");
    }

    /** A query parameter as a long, or {@code fallback} when absent; 400 if present but not a number. */
    default long queryLong(String name, long fallback) {
        String value = query(name);
        return value == null || value.isEmpty() ? fallback : Values.parseLong(value, "query parameter '" + name + "'");
    }

    /** The first value of a header (case-insensitive name), or {@code null}. */
    String header(String name);

    /** Every value of a header. */
    List<String> headers(String name);

    /** A cookie's value, or {@code null}. */
    String cookie(String name);

    /** All cookies sent, by name. */
    Map<String, String> cookies();

    /** The {@code Content-Type} header without parameters, lower case, or {@code null}. */
    String contentType();

    /** The body exactly as sent, for signatures over raw bytes; 413 over the size limit. */
    byte[] bodyBytes();

    /** The body as UTF-8 text. */
    default String bodyText() {
        return new String(bodyBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The body bound to a record and validated: JSON for {@code application/json}, form fields for
     * {@code application/x-www-form-urlencoded} and {@code multipart/form-data}. Malformed input and
     * wrong types answer 400, unknown fields 400, other content types 415, constraint violations 422
     * with each field and message.
     */
    <T> T body(Class<T> type);

    /** The form fields of a urlencoded or multipart body (files excluded), by name. */
    Map<String, List<String>> form();

    /** The first value of a form field, or {@code null}. */
    default String formValue(String name) {
        List<String> values = form().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The files of a multipart body. They are deleted when the request ends: copy what you keep. */
    List<UploadedFile> files();

    /** The first file uploaded under a field name, or {@code null}. */
    default UploadedFile file(String field) {
        for (UploadedFile file : files()) {
            if (file.field().equals(field)) {
                return file;
            }
        }
        return null;
    }

    /**
     * The state of a form calling {@code action} on this page: after that action failed, its errors and
     * submitted values; after it succeeded, its message (once); otherwise empty. Only pages have states.
     */
    default FormState formState(ActionRef action) {
        return FormState.empty();
    }

    /**
     * A value from the app's data cache, loading it on a miss. Entries live until an action calls
     * {@link ActionContext#revalidateTag} with one of their tags; a cached page that read an entry is dropped
     * with it. Values are shared by every request: cache only what every visitor may see.
     *
     * <pre>{@code
     * Products.Page page = request.cache("products:" + n, List.of("products"), () -> products.page(n, 20));
     * }</pre>
     */
    default <T> T cache(String key, java.util.List<String> tags, java.util.function.Supplier<T> loader) {
        return loader.get();
    }

    /**
     * Drops the cached renders of this path so the next request renders anew, from an action or from a route
     * (a webhook that changed an order, an admin upload that changed a product).
     */
    default void revalidatePath(String path) {
    }

    /** Drops every cached page and data entry tagged with {@code tag}. */
    default void revalidateTag(String tag) {
    }

    /**
     * The visitor's {@link Session}. On a {@link BearerAuth} or {@link Webhook} route, and on any request a bearer
     * token authenticates, it is always empty and never written back: those do not act on a browser's cookies.
     */
    default Session session() {
        throw new IllegalStateException("this request has no session");
    }

    /**
     * The token of an {@code Authorization: Bearer …} header (the scheme in any case, then a space or a tab), or
     * {@code null} for no header or another scheme. A {@code Bearer} header with nothing after it gives {@code ""}:
     * the client meant to send a token, and an empty one authenticates nobody (401 where the app resolves tokens).
     */
    default String bearerToken() {
        String header = header("Authorization");
        if (header == null) {
            return null;
        }
        int end = 0;
        while (end < header.length() && header.charAt(end) != ' ' && header.charAt(end) != '\t') {
            end++;
        }
        // Servers drop trailing whitespace, so "Bearer " arrives as "Bearer".
        return header.substring(0, end).equalsIgnoreCase("Bearer") ? header.substring(end).trim() : null;
    }

    /**
     * Who is calling: the owner of the request's bearer token if it sent one, else the session's signed-in user,
     * else {@code null}; never a mix of the two. A bearer token that authenticates nobody is answered 401 before any
     * code runs. Other {@code Authorization} schemes ({@code Basic}, {@code Negotiate}) are no credential here. On
     * a {@link BearerAuth} route only the token counts; on a {@link Webhook} route it is always {@code null}.
     */
    default Identity identity() {
        return null;
    }

    /** The caller's identity; 401 if nobody is signed in. One line at the top of a protected handler or action. */
    default Identity requireUser() {
        Identity identity = identity();
        if (identity == null) {
            throw HttpError.unauthorized("Sign in first");
        }
        return identity;
    }

    /** The caller's identity if it has {@code role}; 401 if nobody is signed in, 403 if the role is missing. */
    default Identity requireRole(String role) {
        Identity identity = requireUser();
        if (!identity.hasRole(role)) {
            throw HttpError.forbidden("This needs the role '" + role + "'");
        }
        return identity;
    }

    /**
     * The client's address, for limits kept per client (the one the framework's event-stream caps use): the
     * connection's peer, or, when that peer is one of {@code Arbor.Builder.trustedProxies}, the nearest
     * {@code X-Forwarded-For} entry, from the right, that is not itself a trusted proxy (the address the outermost
     * trusted proxy saw; entries before it were written by the client). When every entry is a trusted proxy, the
     * leftmost; when an entry is not an IP address, the nearest trusted hop. From any other peer
     * {@code X-Forwarded-For} is ignored.
     */
    String remoteAddress();

    /** Whether the request came over HTTPS. */
    boolean secure();
}
