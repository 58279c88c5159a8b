package dev.arbor;

import dev.arbor.internal.bind.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a handler answers: a status, headers, cookies and one body (bytes, a file, a stream or an event
 * stream). Built by the static factories and refined by the chained setters, which return this response.
 *
 * <pre>{@code
 * return Response.json(user, 201).header("Location", "/api/users/" + user.id());
 * return Response.json(page).cacheControl("public, max-age=60").etag();   // 304 on If-None-Match
 * return Response.sse(stream -> events.subscribe(stream));
 * }</pre>
 */
public final class Response {
    private int status;
    private final List<String[]> headers = new ArrayList<>(4);
    private final List<Cookie> cookies = new ArrayList<>(1);
    private final Body body;
    private boolean etag;

    /** The body of a response. */
    public sealed interface Body {
        /** No body. */
        record Empty() implements Body {}

        /** Bytes already in memory, sent with a {@code Content-Length}. */
        record Bytes(byte[] data, String contentType) implements Body {}

        /** A file sent from disk. */
        record File(Path path, String contentType) implements Body {}

        /** Bytes written by the handler as they are produced, sent chunked. */
        record Stream(String contentType, Writer writer) implements Body {}

        /** A Server-Sent Events stream. */
        record Events(SseStream.Handler handler) implements Body {}
    }

    /** Writes a streamed body; flush to push what was written so far to the client. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private Response(int status, Body body) {
        this.status = status;
        this.body = body;
    }

    /** {@code value} as JSON with status 200. */
    public static Response json(Object value) {
        return json(value, 200);
    }

    /** {@code value} as JSON with the given status. */
    public static Response json(Object value, int status) {
        if (value instanceof Response) {
            throw new IllegalArgumentException("Response.json(response): return the Response itself");
        }
        return new Response(status, new Body.Bytes(Json.write(value), "application/json"));
    }

    /** Plain UTF-8 text with status 200. */
    public static Response text(String text) {
        return new Response(200, new Body.Bytes(text.getBytes(StandardCharsets.UTF_8), "text/plain;charset=utf-8"));
    }

    /** HTML with status 200. The string is sent as is: escape what came from users. */
    public static Response html(String html) {
        return new Response(200, new Body.Bytes(html.getBytes(StandardCharsets.UTF_8), "text/html;charset=utf-8"));
    }

    /**
     * Rendered HTML from a template (any JTE {@link gg.jte.Content}, such as a typed template model), with
     * status 200. Rendering happens here, so template errors surface in the handler.
     */
    public static Response html(gg.jte.Content content) {
        gg.jte.output.Utf8ByteOutput output = new gg.jte.output.Utf8ByteOutput();
        content.writeTo(new gg.jte.html.OwaspHtmlTemplateOutput(output));
        byte[] bytes = output.toByteArray();
        return new Response(200, new Body.Bytes(bytes, "text/html;charset=utf-8"));
    }

    /** Bytes with a content type. */
    public static Response bytes(byte[] data, String contentType) {
        return new Response(200, new Body.Bytes(data, contentType));
    }

    /** A file from disk with a content type; 404 if it does not exist when sent. */
    public static Response file(Path path, String contentType) {
        return new Response(200, new Body.File(path, contentType));
    }

    /** A body written as it is produced ({@code Transfer-Encoding: chunked}). */
    public static Response stream(String contentType, Writer writer) {
        return new Response(200, new Body.Stream(contentType, writer));
    }

    /** A Server-Sent Events stream; {@code handler} receives the open stream. */
    public static Response sse(SseStream.Handler handler) {
        return new Response(200, new Body.Events(handler));
    }

    /** A 303 See Other to {@code location}: after a POST the browser follows with a GET. */
    public static Response redirect(String location) {
        return redirect(location, 303);
    }

    /** A redirect with a chosen 3xx status (301, 302, 303, 307 or 308). */
    public static Response redirect(String location, int status) {
        if (status < 300 || status > 308) {
            throw new IllegalArgumentException("redirect status must be 3xx, was " + status);
        }
        return new Response(status, new Body.Empty()).header("Location", location);
    }

    /** A response with only a status. */
    public static Response status(int status) {
        return new Response(status, new Body.Empty());
    }

    /** 204 No Content. */
    public static Response noContent() {
        return status(204);
    }

    /** An RFC 9457 problem ({@code application/problem+json}) with a status and a detail for the caller. */
    public static Response problem(int status, String detail) {
        return problem(new HttpError(status, detail));
    }

    /** The problem body for a thrown {@link HttpError}. */
    public static Response problem(HttpError error) {
        Response response = new Response(error.status(), new Body.Bytes(Json.problem(error), "application/problem+json"));
        if (error.retryAfter() != null) {
            long seconds = Math.max(1, (error.retryAfter().toMillis() + 999) / 1000);
            response.header("Retry-After", Long.toString(seconds));
        }
        return response;
    }

    /** Changes the status. */
    public Response withStatus(int code) {
        this.status = code;
        return this;
    }

    /** Adds a header (a second call with the same name adds a second value). */
    public Response header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** Sets {@code Cache-Control}. */
    public Response cacheControl(String value) {
        return header("Cache-Control", value);
    }

    /** Adds a cookie. */
    public Response cookie(Cookie cookie) {
        cookies.add(cookie);
        return this;
    }

    /**
     * Gives this response an {@code ETag} computed from its bytes; a GET or HEAD whose {@code If-None-Match}
     * matches it is answered 304 without a body.
     */
    public Response etag() {
        if (!(body instanceof Body.Bytes)) {
            throw new IllegalStateException("etag() needs a body in memory (json, text, html or bytes)");
        }
        this.etag = true;
        return this;
    }

    public int status() {
        return status;
    }

    public Body body() {
        return body;
    }

    /** The first value of a header set on this response, or {@code null}. */
    public String header(String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    /** The headers set on this response, as name/value pairs in order. */
    public List<Map.Entry<String, String>> headers() {
        return headers.stream().map(h -> Map.entry(h[0], h[1])).toList();
    }

    /** Calls {@code action} with each header set on this response, in order, without copying them. */
    public void forEachHeader(java.util.function.BiConsumer<String, String> action) {
        for (String[] header : headers) {
            action.accept(header[0], header[1]);
        }
    }

    public List<Cookie> cookies() {
        return cookies;
    }

    /** Whether {@link #etag()} was asked for. */
    public boolean wantsEtag() {
        return etag;
    }
}
