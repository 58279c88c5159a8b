package dev.arbor;

import java.time.Duration;

/**
 * The request limits the server enforces before any user code runs. Every limit is on by default;
 * a request over one is refused with a 4xx problem and changes nothing.
 *
 * @param maxBodySize largest JSON, form or raw body, in bytes (413 beyond); default 1 MiB
 * @param maxFormFields most fields in a form body (413 beyond); default 1000
 * @param maxJsonDepth deepest JSON nesting (400 beyond); default 32
 * @param maxStringLength longest JSON string value, in characters (400 beyond); default 64 KiB
 * @param maxHeaderSize largest request line plus headers, in bytes (431 beyond); default 8 KiB
 * @param maxUploadFileSize largest single uploaded file, in bytes (413 beyond); default 10 MiB
 * @param maxUploadSize largest whole multipart body, in bytes (413 beyond); default 50 MiB
 * @param maxUploadParts most parts in a multipart body (413 beyond); default 10
 * @param idleTimeout how long a connection may sit silent; default 30 s
 * @param headerReadTimeout how long a client has to send a whole request line and headers, counted from the
 *        connection's opening for its first request and from the first byte for the next ones on a kept-alive
 *        connection; the connection is closed when it runs out. Unlike the idle timeout it is not renewed by each
 *        byte, so a client trickling its headers (slowloris) cannot hold a connection. Default 10 s
 * @param bodyReadTimeout how long a client has to send a request body, counted from the server's first read of it
 *        and extended by one second for every {@code minBodyRate} bytes received, as Apache's mod_reqtimeout does;
 *        a body sent slower (a slow POST) is answered 408 and its connection closed. Default 20 s
 * @param minBodyRate the bytes per second that earn a body one more second; default 500
 * @param maxJsonTokens most tokens (values, names, brackets) in one JSON body (400 beyond); default 50,000. Depth
 *        and string limits leave breadth open: without this a 1 MiB body could be a 500,000-element array bound
 *        into as many objects
 * @param maxEventStreamsPerClient most Server-Sent Events streams one client address keeps open at once (429 with
 *        {@code Retry-After} beyond); default 16. The address is {@link Request#remoteAddress()}: the connection's
 *        peer, or behind {@code Arbor.Builder.trustedProxies} the client they forward
 * @param maxEventStreams most event streams the server keeps open at once (503 with {@code Retry-After} beyond);
 *        default one per 256 KiB of maximum heap, between 256 and 100,000
 */
public record Limits(long maxBodySize, int maxFormFields, int maxJsonDepth, int maxStringLength, int maxHeaderSize,
                     long maxUploadFileSize, long maxUploadSize, int maxUploadParts, Duration idleTimeout,
                     Duration headerReadTimeout, Duration bodyReadTimeout, int minBodyRate, long maxJsonTokens,
                     int maxEventStreamsPerClient, int maxEventStreams) {

    /** Every limit must be positive: a zero or negative one would refuse everything or nothing. */
    public Limits {
        positive("maxBodySize", maxBodySize);
        positive("maxFormFields", maxFormFields);
        positive("maxJsonDepth", maxJsonDepth);
        positive("maxStringLength", maxStringLength);
        positive("maxHeaderSize", maxHeaderSize);
        positive("maxUploadFileSize", maxUploadFileSize);
        positive("maxUploadSize", maxUploadSize);
        positive("maxUploadParts", maxUploadParts);
        positive("idleTimeout", idleTimeout);
        positive("headerReadTimeout", headerReadTimeout);
        positive("bodyReadTimeout", bodyReadTimeout);
        positive("minBodyRate", minBodyRate);
        positive("maxJsonTokens", maxJsonTokens);
        positive("maxEventStreamsPerClient", maxEventStreamsPerClient);
        positive("maxEventStreams", maxEventStreams);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("Limits." + name + " must be positive, was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Limits." + name + " must be a positive duration, was " + value);
        }
    }

    /** The defaults described above. */
    public static Limits defaults() {
        return new Limits(1 << 20, 1000, 32, 64 * 1024, 8 * 1024, 10L << 20, 50L << 20, 10, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(20), 500, 50_000,
                16, eventStreamsFor(Runtime.getRuntime().maxMemory()));
    }

    /** This set of limits with another maxBodySize. */
    public Limits withMaxBodySize(long value) {
        return new Limits(value, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxFormFields. */
    public Limits withMaxFormFields(int value) {
        return new Limits(maxBodySize, value, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxJsonDepth. */
    public Limits withMaxJsonDepth(int value) {
        return new Limits(maxBodySize, maxFormFields, value, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxStringLength. */
    public Limits withMaxStringLength(int value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, value, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxHeaderSize. */
    public Limits withMaxHeaderSize(int value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, value, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxUploadFileSize. */
    public Limits withMaxUploadFileSize(long value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, value, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxUploadSize. */
    public Limits withMaxUploadSize(long value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, value, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxUploadParts. */
    public Limits withMaxUploadParts(int value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, value, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another idleTimeout. */
    public Limits withIdleTimeout(Duration value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, value, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another headerReadTimeout. */
    public Limits withHeaderReadTimeout(Duration value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, value, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another bodyReadTimeout. */
    public Limits withBodyReadTimeout(Duration value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, value, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another minBodyRate. */
    public Limits withMinBodyRate(int value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, value, maxJsonTokens, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxJsonTokens. */
    public Limits withMaxJsonTokens(long value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, value, maxEventStreamsPerClient, maxEventStreams);
    }

    /** This set of limits with another maxEventStreamsPerClient. */
    public Limits withMaxEventStreamsPerClient(int value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, value, maxEventStreams);
    }

    /** This set of limits with another maxEventStreams. */
    public Limits withMaxEventStreams(int value) {
        return new Limits(maxBodySize, maxFormFields, maxJsonDepth, maxStringLength, maxHeaderSize, maxUploadFileSize, maxUploadSize, maxUploadParts, idleTimeout, headerReadTimeout, bodyReadTimeout, minBodyRate, maxJsonTokens, maxEventStreamsPerClient, value);
    }

    /**
     * The default total of event streams for a heap of {@code maxHeap} bytes: one per 256 KiB, what an idle stream
     * costs with its connection's buffers and a handler's modest state, kept between 256 and 100,000.
     */
    static int eventStreamsFor(long maxHeap) {
        return Math.clamp(maxHeap / (256 * 1024), 256, 100_000);
    }
}
