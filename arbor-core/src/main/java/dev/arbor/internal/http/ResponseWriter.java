package dev.arbor.internal.http;

import dev.arbor.Cookie;
import dev.arbor.HttpError;
import dev.arbor.Response;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an Arbor {@link Response} to Jetty and completes the exchange's callback exactly once. Runs on
 * the request's virtual thread; streamed and event bodies may block it while the client reads.
 */
public final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

    private final SseSessions sse;
    private final SecurityHeaders securityHeaders;

    public ResponseWriter(SseSessions sse, SecurityHeaders securityHeaders) {
        this.sse = sse;
        this.securityHeaders = securityHeaders;
    }

    /** The app's security headers: the writer adds them to HTML answers, the page handler sets a page's CSP. */
    SecurityHeaders securityHeaders() {
        return securityHeaders;
    }

    void write(Request request, org.eclipse.jetty.server.Response response, Callback callback, Response answer, RouteEntry entry) {
        boolean head = request.getMethod().equals("HEAD");
        HttpFields.Mutable headers = response.getHeaders();
        response.setStatus(answer.status());
        headers.put("X-Content-Type-Options", "nosniff");
        answer.forEachHeader(headers::add);
        if (request.isSecure()) {
            // On every HTTPS response, not only pages; put, so a page's own copy is not doubled.
            headers.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        for (Cookie cookie : answer.cookies()) {
            headers.add(HttpHeader.SET_COOKIE, cookie.headerValue(request.isSecure()));
        }
        if (isHtml(answer.body())) {
            securityHeaders.html(headers);
        }
        switch (answer.body()) {
            case Response.Body.Empty empty -> {
                if (answer.status() != 204 && answer.status() != 304) {
                    headers.put(HttpHeader.CONTENT_LENGTH, 0L);
                }
                response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            }
            case Response.Body.Bytes bytes -> writeBytes(request, response, callback, answer, bytes, head);
            case Response.Body.File file -> writeFile(response, callback, file, head);
            case Response.Body.Stream stream -> writeStream(response, callback, stream, head, entry);
            case Response.Body.Events events -> sse.open(request, response, callback, events.handler(), entry);
        }
    }

    private static boolean isHtml(Response.Body body) {
        String type = switch (body) {
            case Response.Body.Bytes bytes -> bytes.contentType();
            case Response.Body.File file -> file.contentType();
            case Response.Body.Stream stream -> stream.contentType();
            default -> null;
        };
        return type != null && type.regionMatches(true, 0, "text/html", 0, 9);
    }

    private static void writeBytes(Request request, org.eclipse.jetty.server.Response response, Callback callback, Response answer,
                                   Response.Body.Bytes bytes, boolean head) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, bytes.contentType());
        if (answer.wantsEtag()) {
            String etag = etag(bytes.data());
            headers.put(HttpHeader.ETAG, etag);
            String method = request.getMethod();
            if ((method.equals("GET") || method.equals("HEAD")) && answer.status() == 200 && matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
                response.setStatus(304);
                headers.remove(HttpHeader.CONTENT_TYPE);
                response.write(true, BufferUtil.EMPTY_BUFFER, callback);
                return;
            }
        }
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.data().length);
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(bytes.data()), callback);
    }

    private static void writeFile(org.eclipse.jetty.server.Response response, Callback callback, Response.Body.File file, boolean head) {
        if (!Files.isRegularFile(file.path())) {
            failBeforeCommit(response, callback, HttpError.notFound("File not found"));
            return;
        }
        try {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, file.contentType());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file.path()));
            if (head) {
                response.write(true, BufferUtil.EMPTY_BUFFER, callback);
                return;
            }
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                Files.copy(file.path(), out);
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private static void writeStream(org.eclipse.jetty.server.Response response, Callback callback, Response.Body.Stream stream,
                                    boolean head, RouteEntry entry) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, stream.contentType());
        if (head) {
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 8192)) {
            stream.writer().writeTo(out);
        } catch (Throwable e) {
            // Headers are committed: the only honest signal left is to abort the connection.
            LOG.warn("stream of {} failed", entry == null ? "?" : entry.definition().handler(), e);
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    static void failBeforeCommit(org.eclipse.jetty.server.Response response, Callback callback, HttpError error) {
        Response problem = Response.problem(error);
        response.setStatus(problem.status());
        problem.forEachHeader(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        byte[] data = ((Response.Body.Bytes) problem.body()).data();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, data.length);
        response.write(true, ByteBuffer.wrap(data), callback);
    }

    private static final MessageDigest SHA_256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String etag(byte[] data) {
        try {
            // Cloning a prepared digest skips the provider look-up on every response.
            byte[] digest = ((MessageDigest) SHA_256.clone()).digest(data);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
