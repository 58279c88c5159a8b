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
import org.eclipse.jetty.http.HttpFields;
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
import shop.data.Database;
import shop.data.Posts;
import shop.data.Products;

/**
 * The baseline of the benchmarks: a hand-written Jetty 12 core handler, no Arbor, doing the shop's work for
 * two endpoints, so that the difference in a load run is what the framework costs.
 *
 * <ul>
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
    private static final byte[] METHOD_NOT_ALLOWED = "{\"error\":\"Only GET is served\"}".getBytes(StandardCharsets.UTF_8);
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

    private final Products products;
    private final Posts posts;
    private final ObjectMapper mapper;
    private final ExecutorService executor;

    RawJettyServer(Products products, Posts posts, ObjectMapper mapper, ExecutorService executor) {
        this.products = products;
        this.posts = posts;
        this.mapper = mapper;
        this.executor = executor;
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
        RawJettyServer handler = new RawJettyServer(new Products(database.jdbi()), new Posts(database.jdbi()), writer(), executor);

        // The same pool and connector settings as Arbor.start().
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
            if (!request.getMethod().equals("GET")) {
                send(response, callback, 405, METHOD_NOT_ALLOWED);
            } else if (path.equals("/")) {
                // A probe without database or JSON work, to see the framework's own cost: the shop's GET / (HomeRoute)
                // answers a constant HTML page of about this size, encoded on each request as Response.html does.
                send(response, callback, 200, HOME_PAGE.getBytes(StandardCharsets.UTF_8), "text/html;charset=utf-8");
            } else if (path.equals("/api/products")) {
                products(request, response, callback);
            } else if (path.startsWith(POSTS_PREFIX) && path.indexOf('/', POSTS_PREFIX.length()) < 0) {
                post(path.substring(POSTS_PREFIX.length()), response, callback);
            } else {
                send(response, callback, 404, NOT_FOUND);
            }
        } catch (Throwable e) {
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                send(response, callback, 500, "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8));
            }
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
        byte[] body = mapper.writeValueAsBytes(products.page(page, size));
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
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            send(response, callback, 400, "{\"error\":\"id is a number\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Optional<Posts.Post> post = posts.find(id);
        if (post.isPresent()) {
            send(response, callback, 200, mapper.writeValueAsBytes(post.get()));
        } else {
            send(response, callback, 404, POST_NOT_FOUND);
        }
    }

    private static void send(Response response, Callback callback, int status, byte[] body) {
        send(response, callback, status, body, "application/json");
    }

    private static void send(Response response, Callback callback, int status, byte[] body, String contentType) {
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
