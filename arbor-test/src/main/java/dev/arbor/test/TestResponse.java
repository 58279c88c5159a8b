package dev.arbor.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A response as a test sees it: status, headers and the whole body.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param bytes the body
 */
public record TestResponse(int status, HttpHeaders headers, byte[] bytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body as UTF-8 text. */
    public String body() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The whole {@code Set-Cookie} header this answer sends for cookie {@code name} (with its attributes), or null. */
    public String setCookie(String name) {
        return headers.allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    }

    /** The {@code name=value} of the cookie this answer sets, ready for a {@code Cookie} header, or null. */
    public String cookie(String name) {
        String header = setCookie(name);
        return header == null ? null : header.split(";", 2)[0];
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (status " + status + "): " + body(), e);
        }
    }

    @Override
    public String toString() {
        return status + " " + headers.map() + "\n" + body();
    }
}
