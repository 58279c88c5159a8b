package dev.arbor.internal.http;

import dev.arbor.ActionContext;
import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.Request;
import dev.arbor.UploadedFile;
import dev.arbor.internal.bind.Binder;
import dev.arbor.internal.bind.FormDecoder;
import dev.arbor.internal.routing.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

/**
 * The {@link Request} of one exchange, over Jetty's request: the one request object routes, pages and actions (as
 * their {@link ActionContext}) receive. Parsed parts (query, cookies, body, form,
 * multipart) are computed on first use and kept; it is used by one virtual thread at a time.
 * {@link #cleanUp()} must run when the exchange ends: it deletes uploaded temporary files.
 */
final class ArborRequest implements ActionContext {
    /** Larger text fields, and every file, go to disk. */
    private static final int MAX_TEXT_PART = 64 * 1024;

    private final org.eclipse.jetty.server.Request jetty;
    private final RouteTable.Match<?> match;
    private final Limits limits;
    private final long maxBodySize;
    private final long maxUploadSize;
    private final Path uploadDirectory;
    private final PageCache pageCache;
    private final Sessions sessions;
    private final ClientAddress clients;
    private CookieSession session;
    private boolean readsSession = true;
    private boolean readsBearer = true;
    private boolean bearerResolved;
    private boolean bearerSent;
    private dev.arbor.Identity bearerIdentity;
    /** Whether anything asked who the caller is: the answer then depends on it, see {@link #readCaller()}. */
    private boolean callerRead;
    private Map<String, List<String>> query;
    private Map<String, String> cookies;
    private byte[] body;
    private Map<String, List<String>> form;
    private MultiPartFormData.Parts parts;
    private List<UploadedFile> files;
    private final List<Path> smallFiles = new ArrayList<>(0);

    ArborRequest(org.eclipse.jetty.server.Request jetty, RouteTable.Match<?> match, RouteEntry route, Exchange.Shared shared) {
        this.pageCache = shared.cache();
        this.sessions = shared.sessions();
        this.clients = shared.clients();
        this.jetty = jetty;
        this.match = match;
        this.limits = shared.limits();
        this.maxBodySize = route.maxBodySize();
        this.maxUploadSize = route.maxUploadSize();
        this.uploadDirectory = shared.uploadDirectory();
    }

    @Override
    public String method() {
        return jetty.getMethod();
    }

    @Override
    public String path() {
        return jetty.getHttpURI().getDecodedPath();
    }

    @Override
    public String pathParam(String name) {
        return match.param(name);
    }

    @Override
    public String query(String name) {
        List<String> values = queryMap().get(name);
        return values == null ? null : values.getFirst();
    }

    @Override
    public List<String> queryAll(String name) {
        return queryMap().getOrDefault(name, List.of());
    }

    private Map<String, List<String>> queryMap() {
        if (query == null) {
            String raw = jetty.getHttpURI().getQuery();
            query = raw == null ? Map.of() : FormDecoder.decode(raw.getBytes(StandardCharsets.ISO_8859_1), limits.maxFormFields());
        }
        return query;
    }

    @Override
    public String header(String name) {
        return jetty.getHeaders().get(name);
    }

    @Override
    public List<String> headers(String name) {
        return jetty.getHeaders().getValuesList(name);
    }

    @Override
    public String cookie(String name) {
        return cookies().get(name);
    }

    @Override
    public Map<String, String> cookies() {
        if (cookies == null) {
            Map<String, String> all = new LinkedHashMap<>();
            for (HttpCookie cookie : org.eclipse.jetty.server.Request.getCookies(jetty)) {
                all.putIfAbsent(cookie.getName(), cookie.getValue());
            }
            cookies = Collections.unmodifiableMap(all);
        }
        return cookies;
    }

    @Override
    public String contentType() {
        String value = jetty.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public byte[] bodyBytes() {
        if (body == null) {
            if (isMultipart()) {
                throw new HttpError(415, "A multipart body is read with form() and files(), not as raw bytes");
            }
            body = readBody();
        }
        return body;
    }

    private byte[] readBody() {
        long declared = jetty.getLength();
        if (declared > maxBodySize) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(jetty)) {
            byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
            if (read.length > maxBodySize) {
                throw tooLarge();
            }
            return read;
        } catch (IOException e) {
            throw BodyDeadline.causedBy(e) ? tooSlow() : HttpError.badRequest("The request body could not be read");
        }
    }

    private HttpError tooSlow() {
        return new HttpError(408, "body-too-slow", "The request body arrived too slowly: at least " + limits.minBodyRate()
                + " bytes per second after the first " + limits.bodyReadTimeout().toSeconds() + " s", List.of());
    }

    private HttpError tooLarge() {
        return new HttpError(413, "Request body larger than " + maxBodySize + " bytes");
    }

    @Override
    public <T> T body(Class<T> type) {
        String contentType = contentType();
        if (contentType == null) {
            throw new HttpError(415, "Missing Content-Type: send application/json or a form");
        }
        if (contentType.equals("application/json") || contentType.endsWith("+json")) {
            return Binder.json(bodyBytes(), type);
        }
        if (contentType.equals("application/x-www-form-urlencoded") || isMultipart()) {
            return Binder.form(form(), type);
        }
        throw new HttpError(415, "Unsupported Content-Type " + contentType + ": send application/json or a form");
    }

    @Override
    public Map<String, List<String>> form() {
        if (form == null) {
            if (isMultipart()) {
                parseMultipart();
            } else if ("application/x-www-form-urlencoded".equals(contentType())) {
                form = FormDecoder.decode(bodyBytes(), limits.maxFormFields());
            } else {
                form = Map.of();
            }
        }
        return form;
    }

    @Override
    public List<UploadedFile> files() {
        if (files == null) {
            if (isMultipart()) {
                parseMultipart();
            } else {
                files = List.of();
            }
        }
        return files;
    }

    boolean isMultipart() {
        return "multipart/form-data".equals(contentType());
    }

    /** Jetty's multipart settings for Arbor's limits; its own method so the fuzz tests parse exactly as requests do. */
    static MultiPartConfig uploadConfig(Limits limits, long maxUploadSize, Path uploadDirectory) {
        return new MultiPartConfig.Builder()
                .location(uploadDirectory)
                .maxParts(limits.maxUploadParts())
                .maxPartSize(Math.min(limits.maxUploadFileSize(), maxUploadSize))
                .maxSize(maxUploadSize)
                .maxMemoryPartSize(MAX_TEXT_PART)
                .maxHeadersSize(1024)
                .useFilesForPartsWithoutFileName(false)
                .build();
    }

    private void parseMultipart() {
        MultiPartConfig config = uploadConfig(limits, maxUploadSize, uploadDirectory);
        long declared = jetty.getLength();
        if (declared > maxUploadSize) {
            throw new HttpError(413, "Upload larger than " + maxUploadSize + " bytes");
        }
        try {
            parts = MultiPartFormData.getParts(jetty, jetty, jetty.getHeaders().get(HttpHeader.CONTENT_TYPE), config);
        } catch (Throwable e) {
            throw BodyDeadline.causedBy(e) ? tooSlow() : multipartError(e, limits, maxUploadSize);
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<UploadedFile> uploaded = new ArrayList<>();
        long textBytes = 0;
        for (MultiPart.Part part : parts) {
            if (part.getFileName() == null) {
                String value = text(part);
                textBytes += value.length();
                if (textBytes > maxBodySize) {
                    throw tooLarge();
                }
                fields.computeIfAbsent(part.getName(), k -> new ArrayList<>(1)).add(value);
            } else {
                String type = part.getHeaders().get(HttpHeader.CONTENT_TYPE);
                uploaded.add(new UploadedFile(part.getName(), part.getFileName(), type, part.getLength(), onDisk(part)));
            }
        }
        form = fields;
        files = List.copyOf(uploaded);
    }

    /** A text field's value; bytes that are not UTF-8 are the client's error, not a 500 (found by fuzzing). */
    static String text(MultiPart.Part part) {
        try {
            return part.getContentAsString(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Malformed multipart body: a text field is not UTF-8");
        }
    }

    /** The part's file; a small file Jetty kept in memory is written out, so every upload reads the same way. */
    private Path onDisk(MultiPart.Part part) {
        if (part instanceof MultiPart.PathPart pathPart) {
            return pathPart.getPath();
        }
        try {
            Path file = java.nio.file.Files.createTempFile(uploadDirectory, "upload-", ".tmp");
            smallFiles.add(file);
            part.writeTo(file);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not store an uploaded file", e);
        }
    }

    static HttpError multipartError(Throwable e, Limits limits, long maxUploadSize) {
        // Jetty's own HttpException if there is one, else the root cause.
        Throwable found = Causes.find(e, c -> c instanceof org.eclipse.jetty.http.HttpException || c.getCause() == null);
        Throwable cause = found != null ? found : e;
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (cause instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413 || message.contains("max ")
                || message.contains("exceeded") || message.contains("too many")) {
            return new HttpError(413, "Upload over a limit: at most %d parts, %d bytes per file, %d bytes in all"
                    .formatted(limits.maxUploadParts(), Math.min(limits.maxUploadFileSize(), maxUploadSize), maxUploadSize));
        }
        return HttpError.badRequest("Malformed multipart body");
    }

    @Override
    public <T> T cache(String key, List<String> tags, java.util.function.Supplier<T> loader) {
        var context = dev.arbor.internal.render.RenderContext.currentOrNull();
        return pageCache.data(key, tags, loader, context == null ? new java.util.HashSet<>() : context.readTags());
    }

    @Override
    public dev.arbor.FormState formState(dev.arbor.ActionRef action) {
        var context = dev.arbor.internal.render.RenderContext.currentOrNull();
        return context == null ? dev.arbor.FormState.empty() : context.state(action);
    }

    @Override
    public void revalidatePath(String path) {
        pageCache.revalidatePath(path);
    }

    @Override
    public void revalidateTag(String tag) {
        pageCache.revalidateTag(tag);
    }

    /**
     * Applies what a {@code @BearerAuth} or {@code @Webhook} route may see of the caller: never the session cookie
     * (an empty session that is never written back), and for a webhook no bearer token either. Called before
     * anything asks who the caller is: the answer is worked out once.
     */
    void limitCredentials(dev.arbor.Access access) {
        readsSession = access.readsSession();
        readsBearer = access.kind() != dev.arbor.Access.Kind.WEBHOOK;
    }

    @Override
    public dev.arbor.Session session() {
        callerRead = true;
        if (session == null) {
            session = sessions.load(readsCookie() ? CookieSession.cookieValue(cookies(), jetty.isSecure()) : null);
        }
        return session;
    }

    /**
     * The bearer token, refusing a request with two {@code Authorization} headers (400): a proxy in front may have
     * checked one, and this would have used the other.
     */
    @Override
    public String bearerToken() {
        callerRead = true;
        return sentBearerToken();
    }

    /** {@link #bearerToken()} for the framework's own checks, which do not make the answer depend on the caller. */
    private String sentBearerToken() {
        if (!jetty.getHeaders().contains(HttpHeader.AUTHORIZATION)) {
            return null; // most requests: asked on every one, so no list is made for them
        }
        List<String> authorization = jetty.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (authorization.size() > 1) {
            throw HttpError.badRequest("Send one Authorization header, not " + authorization.size());
        }
        return ActionContext.super.bearerToken();
    }

    /**
     * Works out once which credential authenticates the request. Only a {@code Bearer} token the app resolves is
     * one: browsers attach {@code Basic} and {@code Negotiate} credentials by themselves, so those leave the
     * request to its cookie. The app's resolver may be a database or network call, and everything asks.
     */
    private void resolveBearer() {
        if (bearerResolved) {
            return;
        }
        String token = readsBearer ? sentBearerToken() : null;
        // An app that resolves no tokens reads none: its routes may check the header themselves.
        bearerSent = token != null && sessions.resolvesTokens();
        // "Bearer" with no token names nobody; the app's resolver is not asked about an empty string.
        bearerIdentity = bearerSent && !token.isEmpty() ? sessions.resolveToken(token) : null;
        bearerResolved = true;
    }

    /** Whether the request sent a bearer token that authenticates nobody: refused, never served as the cookie's user. */
    boolean sentInvalidBearer() {
        resolveBearer();
        return bearerSent && bearerIdentity == null;
    }

    /**
     * The {@code Authorization} header when the framework authenticated nobody by it (an app without a token
     * resolver, another scheme, a webhook), else null. The route may check it itself, so what the route answers
     * may belong to whoever holds that header.
     */
    String unresolvedAuthorization() {
        resolveBearer();
        List<String> authorization = jetty.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        return bearerSent || authorization.isEmpty() ? null : String.join("\n", authorization);
    }

    /**
     * Whether the session cookie authenticates this request: not on {@code @BearerAuth} and {@code @Webhook}
     * routes, nor when a bearer token does. Only such a request can be forged cross-site.
     */
    boolean readsCookie() {
        resolveBearer();
        return readsSession && !bearerSent;
    }

    /** The owner of the request's bearer token if it sent one, else the session's signed-in user; never both. */
    @Override
    public dev.arbor.Identity identity() {
        callerRead = true;
        return readsCookie() ? session().identity() : bearerIdentity;
    }

    /**
     * Whether the session, the identity or the bearer token was read, by the route, its access check or the
     * idempotency scope: then the answer may differ between callers and must not be kept by a shared cache.
     */
    boolean readCaller() {
        return callerRead;
    }

    /** Adds the session cookie to the answer if the session changed. */
    void writeSession(dev.arbor.Response answer) {
        if (session != null && readsCookie()) {
            session.writeTo(answer, jetty.isSecure());
        }
    }

    /** The CSRF anchor a login or logout in this request chose, which the page rendered after it must use; or null. */
    String rotatedAnchor() {
        return session == null ? null : session.rotatedAnchor();
    }

    @Override
    public String remoteAddress() {
        return clients.of(jetty);
    }

    @Override
    public boolean secure() {
        return jetty.isSecure();
    }

    /** How many body bytes were read (the declared length for multipart bodies). */
    long bytesRead() {
        if (body != null) {
            return body.length;
        }
        return Math.max(jetty.getLength(), org.eclipse.jetty.server.Request.getContentBytesRead(jetty));
    }

    /** A copy of the path, parameters and declared query parameters, for rendering this page for the cache. */
    SnapshotRequest snapshot(List<String> declaredQuery) {
        return new SnapshotRequest(path(), match, queryMap(), declaredQuery, pageCache);
    }

    /** Whether a body was sent and nobody read it (the connection then cannot be reused safely). */
    boolean leftBodyUnread() {
        return sentBody(jetty) && body == null && parts == null && form == null && files == null;
    }

    /** Whether the client sent a body (a length, or chunks to come). */
    static boolean sentBody(org.eclipse.jetty.server.Request jetty) {
        return jetty.getLength() > 0 || jetty.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /**
     * Reads and discards an unread body of at most {@code max} bytes, and says whether it got to the end. A server
     * that answers early (413) and closes while the client is still sending makes the client's TCP stack see a
     * reset and lose the answer; swallowing a moderate body first lets it read the 413 (Tomcat swallows 2 MiB).
     */
    boolean swallowUnreadBody(long max) {
        long declared = jetty.getLength();
        if (declared > max) {
            return false;
        }
        byte[] sink = new byte[16 * 1024];
        long left = max;
        try (InputStream in = Content.Source.asInputStream(jetty)) {
            int n;
            while ((n = in.read(sink, 0, (int) Math.min(sink.length, left + 1))) > 0) {
                left -= n;
                if (left < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Deletes the temporary files of a multipart body; safe to call more than once. */
    void cleanUp() {
        if (parts != null) {
            parts.close();
            parts = null;
        }
        for (Path file : smallFiles) {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The directory is a temporary one; a file left behind is removed with it.
            }
        }
        smallFiles.clear();
    }
}
