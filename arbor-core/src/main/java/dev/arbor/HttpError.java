package dev.arbor;

import java.util.List;

/**
 * An expected failure, thrown from route code to stop and answer with an HTTP error. It leaves as an
 * RFC 9457 {@code application/problem+json} body; its message is shown to the client, so it must not hold
 * secrets. Unexpected exceptions are never shown: they answer a generic 500 with a correlation id.
 *
 * <pre>{@code
 * Post post = posts.find(id).orElseThrow(() -> HttpError.notFound("Post not found"));
 * }</pre>
 */
public final class HttpError extends RuntimeException {
    private final int status;
    private final String type;
    private final List<FieldError> errors;
    private java.time.Duration retryAfter;

    /** One invalid field of a bound body: its name and what is wrong with it. */
    public record FieldError(String field, String message) {}

    public HttpError(int status, String detail) {
        this(status, null, detail, List.of());
    }

    /**
     * @param status the HTTP status, 400 to 599
     * @param type a short problem type such as {@code "csrf"}; becomes {@code /problems/csrf}, or {@code about:blank} if null
     * @param detail what went wrong, for the caller
     * @param errors the invalid fields, if any
     */
    public HttpError(int status, String type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpError status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public static HttpError badRequest(String detail) { return new HttpError(400, detail); }
    public static HttpError unauthorized(String detail) { return new HttpError(401, detail); }
    public static HttpError forbidden(String detail) { return new HttpError(403, detail); }
    public static HttpError notFound(String detail) { return new HttpError(404, detail); }
    public static HttpError conflict(String detail) { return new HttpError(409, detail); }

    /** 429 with a {@code Retry-After} header of {@code wait} (rounded up to whole seconds). */
    public static HttpError tooManyRequests(java.time.Duration wait) {
        return new HttpError(429, "rate-limited", "Too many attempts; try again later", List.of()).withRetryAfter(wait);
    }

    /**
     * Asks the caller to wait before trying again: the answer (problem or error page) carries {@code Retry-After}
     * of {@code wait}, rounded up to whole seconds. For 429 and 503 mostly; returns this error.
     */
    public HttpError withRetryAfter(java.time.Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /** How long the caller should wait, for 429 and 503 answers, or {@code null}. */
    public java.time.Duration retryAfter() { return retryAfter; }

    public int status() { return status; }
    public String type() { return type; }
    public String detail() { return getMessage(); }
    public List<FieldError> errors() { return errors; }
}
