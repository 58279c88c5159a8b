package dev.arbor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.arbor.bench.templates.StaticTemplates;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.Utf8ByteOutput;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import shop.app.api.users.UsersRoute;
import shop.data.Accounts;
import shop.data.Database;
import shop.data.EventBus;
import shop.data.Posts;
import shop.data.Products;
import shop.data.Users;

/**
 * The baseline of the benchmarks: a hand-written Jetty 12 core handler, no Arbor, doing the work of each
 * benchmark scenario exactly as the shop and {@link BenchApp} do it, so that the difference in a load run is
 * what the framework costs.
 *
 * <ul>
 *   <li>{@code GET /bench/plaintext}: 13 bytes of text;</li>
 *   <li>{@code GET /api/products/{id}}: {@link Products#find} as JSON with the shop's ETag and cache header;</li>
 *   <li>{@code POST /api/users}: an administrator's API key looked up and its role checked, the JSON body read by Jackson into the shop's own {@code NewUser} record,
 *       validated by Hibernate Validator, {@link Users#create}, the same event published, 201;</li>
 *   <li>{@code GET /bench/fortunes}: {@link BenchData#fortunesPage} rendered by the same precompiled JTE template,
 *       with the same HTML security headers (a hand-written page that cares would send them too);</li>
 *   <li>{@code GET|POST /bench/board}: the action scenario by hand ({@link RawActions});</li>
 *   <li>{@code GET /api/events} and {@code POST /bench/broadcast}: Server-Sent Events fan-out ({@link RawEvents});</li>
 *   <li>{@code POST /bench/upload}: a multipart upload streamed to a temporary file with Jetty's parser and the
 *       same limits as Arbor's, answering the file's name and size;</li>
 *   <li>{@code GET /api/products?page=N&size=M}: {@link Products#page} (same SQL, same HikariCP pool and JDBI,
 *       same H2 file), the page as JSON, {@code Cache-Control: public, max-age=60} and an ETag computed as
 *       Arbor computes it (SHA-256 of the body, base64url, first 22 characters, quoted), with a 304 on a
 *       matching {@code If-None-Match};</li>
 *   <li>{@code GET /api/posts/{id}}: {@link Posts#find} as JSON, or 404 {@code {"error":"Post not found"}};</li>
 *   <li>{@code GET /}: a constant HTML page of about the size of the shop's home page, encoded per request as
 *       {@code Response.html} does: a probe without database or JSON work, for the framework's own cost.</li>
 * </ul>
 *
 * <p>Like Arbor, the handler hands each request to a virtual thread, serializes with a Jackson mapper
 * configured for writing as Arbor's is (records, Java time as ISO-8601 text), writes the body in one
 * {@code response.write(true, ...)}, and runs on the same Jetty thread pool and connector settings. It sends
 * the same headers (including {@code X-Content-Type-Options: nosniff}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.arbor.bench.RawJettyServer PORT DATA_DIR [HOST]</pre>
 */
public final class RawJettyServer extends Handler.Abstract.NonBlocking {
    private static final byte[] POST_NOT_FOUND = "{\"error\":\"Post not found\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8);
    private static final String POSTS_PREFIX = "/api/posts/";
    private static final int MAX_SIZE = 100;
    private static final String HOME_PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>Raw Jetty baseline</title>
            <style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
            code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style></head>
            <body><h1>Raw Jetty baseline</h1>
            <p>The baseline of the Arbor benchmarks. It serves the same work as the shop for:</p>
            <ul>
            <li><a href="/api/products?page=1&amp;size=20"><code>GET /api/products?page=1&amp;size=20</code></a> — the catalogue</li>
            <li><code>GET /api/posts/{id}</code> — one post, or 404</li>
            <li><code>GET /</code> — this page: a probe with no database and no JSON, to see what a framework costs</li>
            </ul>
            <p>Everything else answers 404. Each request runs on its own virtual thread, as in Arbor, and the body is
            written in one call with its length known, so the two servers differ only in the framework between them.</p>
            </body></html>
            """;

    private static final String PRODUCTS_PREFIX = "/api/products/";
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    private final Products products;
    private final Posts posts;
    private final Users users;
    private final Accounts accounts;
    private final EventBus userEvents = new EventBus();
    private final BenchData bench;
    private final StaticTemplates templates = new StaticTemplates();
    // Configured as Arbor's binder configures it: no Expression Language on the classpath.
    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
    private final ObjectMapper mapper;
    private final ExecutorService executor;
    private final RawActions actions;
    private final RawEvents events;
    private final Path uploads;

    RawJettyServer(Database database, ObjectMapper mapper, ExecutorService executor, Path uploads) {
        this.products = new Products(database.jdbi());
        this.posts = new Posts(database.jdbi());
        this.users = new Users(database.jdbi());
        this.accounts = new Accounts(database.jdbi());
        this.bench = new BenchData(database.jdbi()).prepare();
        this.mapper = mapper;
        this.executor = executor;
        this.actions = new RawActions(bench, validator, mapper);
        this.events = new RawEvents(mapper);
        this.uploads = uploads;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RawJettyServer PORT DATA_DIR [HOST]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDirectory = Path.of(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";

        Database database = Database.open(null, null, null, dataDirectory);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("raw-handler-", 0).factory());
        Path uploads = java.nio.file.Files.createDirectories(dataDirectory.resolve("tmp"));
        RawJettyServer handler = new RawJettyServer(database, writer(), executor, uploads);
        BenchApp.writeAdminKey(handler.accounts, dataDirectory.resolve("admin-key"));

        // The same pool and connector settings as Arbor's JettyServer.
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4), 4);
        threads.setName("raw-jetty");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        http.setResponseHeaderSize(16 * 1024);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setStopTimeout(5_000);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // Exiting anyway.
            } finally {
                executor.shutdown();
                database.close();
            }
        }, "raw-shutdown"));
        server.start();
        System.out.println("Raw Jetty ready on http://" + host + ":" + connector.getLocalPort());
        server.join();
    }

    /** A mapper that writes what Arbor's {@code Json.write} writes (its read-side settings play no part here). */
    static ObjectMapper writer() {
        return JsonMapper.builder()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        executor.execute(() -> serve(request, response, callback));
        return true;
    }

    private void serve(Request request, Response response, Callback callback) {
        try {
            String path = request.getHttpURI().getPath();
            String method = request.getMethod();
            switch (method + " " + path) {
                case "GET /" -> send(response, callback, 200, HOME_PAGE.getBytes(StandardCharsets.UTF_8), "text/html;charset=utf-8");
                case "GET /bench/plaintext" -> send(response, callback, 200, HELLO, "text/plain;charset=utf-8");
                case "GET /api/products" -> products(request, response, callback);
                case "POST /api/users" -> createUser(request, response, callback);
                case "GET /bench/fortunes" -> fortunes(response, callback);
                case "GET /bench/board" -> actions.page(request, response, callback);
                case "POST /bench/board" -> actions.post(request, response, callback);
                case "GET /api/events" -> events.subscribe(response, callback);
                case "POST /bench/broadcast" -> events.broadcast(request, response, callback);
                case "POST /bench/upload" -> upload(request, response, callback);
                default -> {
                    if (method.equals("GET") && path.startsWith(POSTS_PREFIX) && path.indexOf('/', POSTS_PREFIX.length()) < 0) {
                        post(path.substring(POSTS_PREFIX.length()), response, callback);
                    } else if (method.equals("GET") && path.startsWith(PRODUCTS_PREFIX) && path.indexOf('/', PRODUCTS_PREFIX.length()) < 0) {
                        product(request, path.substring(PRODUCTS_PREFIX.length()), response, callback);
                    } else {
                        send(response, callback, 404, NOT_FOUND);
                    }
                }
            }
        } catch (Throwable e) {
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                send(response, callback, 500, "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void product(Request request, String idText, Response response, Callback callback) throws Exception {
        Long id = idOrAnswer400(idText, response, callback);
        if (id == null) {
            return;
        }
        Optional<Products.Product> product = products.find(id);
        if (product.isEmpty()) {
            send(response, callback, 404, "{\"error\":\"Product not found\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        sendCacheable(request, response, callback, mapper.writeValueAsBytes(product.get()));
    }

    private void createUser(Request request, Response response, Callback callback) throws Exception {
        // The same check Arbor makes for @RolesAllowed(ADMIN) on a bearer token: look the key up, then its role.
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        Optional<dev.arbor.Identity> caller = authorization != null && authorization.startsWith("Bearer ")
                ? accounts.resolve(authorization.substring(7)) : Optional.empty();
        if (caller.isEmpty()) {
            send(response, callback, 401, "{\"error\":\"sign in\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!caller.get().hasRole(Accounts.ADMIN)) {
            send(response, callback, 403, "{\"error\":\"administrators only\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        UsersRoute.NewUser body;
        try {
            body = mapper.readValue(BufferUtil.toArray(Content.Source.asByteBuffer(request)), UsersRoute.NewUser.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            send(response, callback, 400, "{\"error\":\"malformed JSON\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Set<ConstraintViolation<UsersRoute.NewUser>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            send(response, callback, 422, mapper.writeValueAsBytes(Map.of("errors", violations.stream()
                    .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage())).toList())));
            return;
        }
        try {
            Users.User user = users.create(body.name(), body.email());
            userEvents.publish("user.created", user);
            response.getHeaders().put(HttpHeader.LOCATION, "/api/users/" + user.id());
            send(response, callback, 201, mapper.writeValueAsBytes(user));
        } catch (Users.EmailTaken taken) {
            send(response, callback, 409, "{\"error\":\"A user with this email already exists\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void fortunes(Response response, Callback callback) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        templates.fortunes(bench.fortunesPage()).writeTo(new OwaspHtmlTemplateOutput(output));
        htmlHeaders(response);
        send(response, callback, 200, output.toByteArray(), "text/html;charset=utf-8");
    }

    /** The headers Arbor puts on every HTML page; a careful hand-written server sends the same. */
    static void htmlHeaders(Response response) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'");
        headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.put("X-Frame-Options", "SAMEORIGIN");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    private void upload(Request request, Response response, Callback callback) throws Exception {
        MultiPartConfig config = new MultiPartConfig.Builder()
                .location(uploads)
                .maxParts(10)
                .maxPartSize(BenchApp.MAX_UPLOAD)
                .maxSize(BenchApp.MAX_UPLOAD)
                .maxMemoryPartSize(64 * 1024)
                .maxHeadersSize(1024)
                .useFilesForPartsWithoutFileName(false)
                .build();
        try (MultiPartFormData.Parts parts = MultiPartFormData.getParts(request, request,
                request.getHeaders().get(HttpHeader.CONTENT_TYPE), config)) {
            MultiPart.Part file = parts.getFirst("file");
            if (file == null || file.getFileName() == null) {
                send(response, callback, 400, "{\"error\":\"Send the file in the field 'file'\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(response, callback, 200, mapper.writeValueAsBytes(Map.of("name", file.getFileName(), "size", file.getLength())));
        }
    }

    private void products(Request request, Response response, Callback callback) throws Exception {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        int page;
        int size;
        try {
            page = intParam(query, "page", 1);
            size = intParam(query, "size", 20);
        } catch (NumberFormatException e) {
            send(response, callback, 400, "{\"error\":\"page and size are numbers\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (page < 1 || size < 1 || size > MAX_SIZE) {
            send(response, callback, 400, "{\"error\":\"page starts at 1 and size is between 1 and 100\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        sendCacheable(request, response, callback, mapper.writeValueAsBytes(products.page(page, size)));
    }

    /** JSON with {@code Cache-Control: public, max-age=60} and Arbor's ETag; 304 when the client has it. */
    private static void sendCacheable(Request request, Response response, Callback callback, byte[] body) {
        String etag = etag(body);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "public, max-age=60");
        headers.put(HttpHeader.ETAG, etag);
        if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(304);
            headers.put("X-Content-Type-Options", "nosniff");
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        send(response, callback, 200, body);
    }

    private void post(String idText, Response response, Callback callback) throws Exception {
        Long id = idOrAnswer400(idText, response, callback);
        if (id == null) {
            return;
        }
        Optional<Posts.Post> post = posts.find(id);
        if (post.isPresent()) {
            send(response, callback, 200, mapper.writeValueAsBytes(post.get()));
        } else {
            send(response, callback, 404, POST_NOT_FOUND);
        }
    }

    /** The path's id, or null once a 400 has been sent. */
    private static Long idOrAnswer400(String idText, Response response, Callback callback) {
        try {
            return Long.parseLong(idText);
        } catch (NumberFormatException e) {
            send(response, callback, 400, "{\"error\":\"id is a number\"}".getBytes(StandardCharsets.UTF_8));
            return null;
        }
    }

    static void send(Response response, Callback callback, int status, byte[] body) {
        send(response, callback, status, body, "application/json");
    }

    static void send(Response response, Callback callback, int status, byte[] body, String contentType) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static int intParam(Fields query, String name, int fallback) {
        String value = query.getValue(name);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    /** Arbor's ETag: SHA-256 of the body, base64url without padding, first 22 characters, quoted. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
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
