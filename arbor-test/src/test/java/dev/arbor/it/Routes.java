package dev.arbor.it;

import dev.arbor.Authenticated;
import dev.arbor.BearerAuth;
import dev.arbor.Cookie;
import dev.arbor.Cors;
import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.RolesAllowed;
import dev.arbor.Route;
import dev.arbor.UploadedFile;
import dev.arbor.Webhook;
import dev.arbor.security.Webhooks;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The test app's routes, one small class per behaviour. */
public final class Routes {
    private Routes() {}

    public record NewUser(@NotBlank String name, @NotBlank @Email String email, @Min(0) @Max(150) Integer age) {}

    public record Rename(@NotBlank String name) {}

    /** Accepts any JSON value, to exercise the parser's own limits. */
    public record Anything(Object value) {}

    @Route("/api/anything")
    @Public
    public static final class AnyValue {
        public Map<String, Object> post(Anything body) {
            return Map.of("ok", true);
        }
    }

    @Route("/items/{id}")
    @Public
    public static final class Item {
        private final Fixtures fixtures;

        public Item(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Map<String, Object> get(Request request) {
            return Map.of("id", request.pathLong("id"), "virtual", Thread.currentThread().isVirtual());
        }

        public Response put(Request request, Rename body) {
            return Response.json(Map.of("id", request.pathLong("id"), "name", body.name()));
        }

        public void delete(Request request) {
            fixtures.invocations.incrementAndGet();
        }
    }

    @Route("/items/new")
    @Public
    public static final class NewItem {
        public Response get(Request request) {
            return Response.text("the new-item form");
        }
    }

    @Route("/files/{path...}")
    @Public
    public static final class Files {
        public Response get(Request request) {
            return Response.text("file " + request.pathParam("path"));
        }
    }

    @Route("/")
    @Public
    public static final class Home {
        public Response get() {
            return Response.html("<h1>home</h1>");
        }
    }

    @Route("/api/users")
    @Public
    public static final class Users {
        private final Fixtures fixtures;

        public Users(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response post(NewUser user) {
            fixtures.created.add(user);
            return Response.json(user, 201).header("Location", "/api/users/" + fixtures.created.size());
        }

        public List<Object> get() {
            return fixtures.created;
        }
    }

    @Route("/api/raw")
    @Public
    public static final class Raw {
        private final Fixtures fixtures;

        public Raw(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        /** {@code ?entered=1} counts down {@code fixtures.slowEntered} before the body is read. */
        public Map<String, Object> post(Request request) {
            if (request.query("entered") != null) {
                fixtures.slowEntered.countDown();
            }
            byte[] body = request.bodyBytes();
            return Map.of("length", body.length, "text", new String(body, StandardCharsets.UTF_8));
        }
    }

    @Route(value = "/api/tiny", maxBodySize = 16)
    @Public
    public static final class Tiny {
        public Map<String, Object> post(Request request) {
            return Map.of("length", request.bodyBytes().length);
        }
    }

    @Route("/api/form")
    @Public
    public static final class Form {
        public Map<String, Object> post(Request request) {
            return new LinkedHashMap<>(request.form());
        }
    }

    @Route("/api/query")
    @Public
    public static final class Query {
        public Map<String, Object> get(Request request) {
            return Map.of("page", request.queryInt("page", 1), "tags", request.queryAll("tag"),
                    "q", String.valueOf(request.query("q")));
        }
    }

    @Route("/api/cookies")
    @Public
    public static final class Cookies {
        public Response get(Request request) {
            return Response.json(Map.of("seen", request.cookies()))
                    .cookie(Cookie.of("session", "abc123").maxAge(Duration.ofHours(1)))
                    .cookie(Cookie.of("theme", "dark").readableByScripts().sameSite("Strict"));
        }
    }

    @Route("/api/headers")
    @Public
    public static final class Headers {
        public Response get(Request request) {
            return Response.json(Map.of("agent", String.valueOf(request.header("x-test"))))
                    .header("X-Custom", "yes")
                    .cacheControl("no-store");
        }
    }

    @Route("/api/redirect")
    @Public
    public static final class Redirect {
        public Response get() {
            return Response.redirect("/items/new");
        }
    }

    @Route("/api/bytes")
    @Public
    public static final class Bytes {
        public Response get() {
            return Response.bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png");
        }
    }

    @Route("/api/etag")
    @Public
    public static final class Etag {
        public Response get() {
            return Response.json(Map.of("version", 7)).cacheControl("public, max-age=60").etag();
        }
    }

    @Route("/api/stream")
    @Public
    public static final class Stream {
        public Response get() {
            return Response.stream("text/plain;charset=utf-8", out -> {
                for (int i = 1; i <= 5; i++) {
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            });
        }
    }

    @Route("/api/events")
    @Public
    public static final class Events {
        private final Fixtures fixtures;

        public Events(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response get() {
            return Response.sse(stream -> {
                fixtures.subscribers.add(stream);
                stream.onClose(() -> {
                    fixtures.subscribers.remove(stream);
                    fixtures.closedStreams.incrementAndGet();
                });
                stream.send("hello", Map.of("subscribers", fixtures.subscribers.size()));
            });
        }

        /** Broadcasts to every subscriber. */
        public Map<String, Object> post(Request request) {
            int delivered = 0;
            for (var stream : fixtures.subscribers) {
                delivered += stream.send("message", request.bodyText()) ? 1 : 0;
            }
            return Map.of("delivered", delivered);
        }
    }

    @Route("/api/boom")
    @Public
    public static final class Boom {
        public Response get() {
            throw new IllegalStateException("secret detail: jdbc:postgresql://db/prod password=hunter2");
        }

        public Response delete() {
            throw HttpError.conflict("Cannot delete: still referenced");
        }
    }

    @Route("/api/slow")
    @Public
    public static final class Slow {
        private final Fixtures fixtures;

        public Slow(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response get(Request request) throws InterruptedException {
            long millis = request.queryLong("ms", -1);
            if (millis >= 0) {
                fixtures.timedSlowEntered.countDown();
                Thread.sleep(millis); // a deliberately slow route: the tests time the server's shutdown against it
                return Response.text("finished");
            }
            fixtures.slowEntered.countDown();
            if (!fixtures.slowRelease.await(20, TimeUnit.SECONDS)) {
                return Response.problem(504, "never released");
            }
            return Response.text("finished");
        }
    }

    @Route("/api/upload")
    @Public
    public static final class Upload {
        public Map<String, Object> post(Request request) throws Exception {
            UploadedFile file = request.file("file");
            if (file == null) {
                throw HttpError.badRequest("no file");
            }
            return Map.of("field", file.field(), "name", file.fileName(), "size", file.size(),
                    "title", String.valueOf(request.formValue("title")), "png", file.startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                    "tempExists", java.nio.file.Files.exists(file.path()));
        }
    }

    /** HTML written by a route, not a page: {@code ?own=1} sets its own policy. */
    @Route("/route-html")
    @Public
    public static final class RouteHtml {
        public Response get(Request request) {
            Response html = Response.html("<!doctype html><title>from a route</title><p>hi</p>");
            return request.query("own") == null ? html : html.header("Content-Security-Policy", "default-src 'self'");
        }
    }

    @Route("/api/cors")
    @Public
    @Cors(origins = "https://app.example", headers = {"Authorization", "Content-Type"}, credentials = true, exposeHeaders = "X-Total")
    public static final class CorsRoute {
        public Response get() {
            return Response.json(Map.of("ok", true)).header("X-Total", "1");
        }

        public Response post() {
            return Response.json(Map.of("ok", true));
        }
    }

    @Route("/public/ping")
    @Public
    public static final class PublicPing {
        public Response get() {
            return Response.text("pong");
        }
    }

    /** Signs in whoever asks, with the roles asked for: a stand-in for a real login, to test sessions. */
    public record Login(@NotBlank String user, List<String> roles) {}

    @Route("/api/session/login")
    @Public
    public static final class SessionLogin {
        public Map<String, Object> post(Request request, Login login) {
            String before = request.session().id();
            request.session().put("theme", "dark");
            request.session().login(login.user(), java.util.Set.copyOf(login.roles() == null ? List.of() : login.roles()));
            return Map.of("before", before, "after", request.session().id());
        }
    }

    @Route("/api/session/me")
    @Authenticated
    public static final class SessionMe {
        public Map<String, Object> get(Request request) {
            var identity = request.requireUser();
            return Map.of("user", identity.userId(), "roles", new java.util.TreeSet<>(identity.roles()),
                    "theme", String.valueOf(request.session().get("theme")), "id", request.session().id());
        }
    }

    @Route("/api/session/admin")
    @RolesAllowed("admin")
    public static final class SessionAdmin {
        public Map<String, Object> get(Request request) {
            return Map.of("admin", request.requireRole("admin").userId());
        }
    }

    @Route("/api/session/logout")
    @Public
    public static final class SessionLogout {
        public void post(Request request) {
            request.session().logout();
        }
    }

    /** Sets a value in an anonymous session, to have a cookie from before a login. */
    @Route("/api/session/theme")
    @Public
    public static final class SessionTheme {
        public void post(Request request) {
            request.session().put("theme", "light");
        }
    }

    /** What the session holds, without requiring anyone to be signed in. */
    @Route("/api/session/peek")
    @Public
    public static final class SessionPeek {
        public Map<String, Object> get(Request request) {
            var identity = request.identity();
            return Map.of("id", request.session().id(), "theme", String.valueOf(request.session().get("theme")),
                    "user", identity == null ? "" : identity.userId());
        }
    }

    /** The body of a test charge. */
    public record Charge(@NotBlank String amount) {}

    /**
     * Creates a "charge" per call, counted in {@code fixtures.invocations}: the side effect the Idempotency-Key
     * tests count. {@code ?wait=1} blocks on {@code fixtures.slowRelease}; {@code ?fail=1} fails the first call;
     * {@code ?stream=1} answers with a stream.
     */
    @Route("/api/charges")
    @Public
    public static final class Charges {
        private final Fixtures fixtures;

        public Charges(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response post(Request request, Charge charge) throws InterruptedException {
            int number = fixtures.invocations.incrementAndGet();
            if (request.query("wait") != null) {
                fixtures.slowEntered.countDown();
                if (!fixtures.slowRelease.await(20, TimeUnit.SECONDS)) {
                    return Response.problem(504, "never released");
                }
            }
            if (request.query("fail") != null && number == 1) {
                throw new IllegalStateException("the payment provider is down");
            }
            if (request.query("stream") != null) {
                return Response.stream("text/plain;charset=utf-8", out -> out.write(("charge " + number).getBytes(StandardCharsets.UTF_8)));
            }
            return Response.json(Map.of("charge", number, "amount", charge.amount()), 201)
                    .header("Location", "/api/charges/" + number);
        }
    }

    /** Changes what the cached /counter page shows and drops it, as a webhook would. */
    @Route("/api/counter/bump")
    @Public
    public static final class CounterBump {
        private final Fixtures fixtures;

        public CounterBump(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public void post(Request request) {
            fixtures.invocations.incrementAndGet();
            request.revalidatePath("/counter");
        }
    }

    /** What a guarded route's body binds to; a body that does not bind would answer 400 if binding ever ran. */
    public record Entry(@NotBlank String text) {}

    /**
     * Verbs guarded by policies, each recording that it ran: reading is public, adding needs a signed-in caller,
     * clearing needs the admin role.
     */
    @Route("/api/guarded")
    @Authenticated
    public static final class Guarded {
        private final Fixtures fixtures;

        public Guarded(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        @Public
        public Map<String, Object> get() {
            return Map.of("entries", fixtures.created.size());
        }

        public Response post(Request request, Entry entry) {
            fixtures.invocations.incrementAndGet();
            fixtures.created.add(entry.text());
            return Response.json(Map.of("by", request.identity().userId()), 201);
        }

        @RolesAllowed("admin")
        public void delete() {
            fixtures.invocations.incrementAndGet();
            fixtures.created.clear();
        }
    }

    /** An API for programs: only a bearer token signs the caller in, never a cookie. */
    @Route("/api/bearer/me")
    @BearerAuth
    public static final class BearerMe {
        private final Fixtures fixtures;

        public BearerMe(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Map<String, Object> post(Request request) {
            fixtures.invocations.incrementAndGet();
            request.session().put("theme", "light");
            return Map.of("user", request.identity().userId(), "sessionUser", String.valueOf(request.session().identity()));
        }
    }

    /** The secret of the test webhook's GitHub-style signatures. */
    public static final String HOOK_SECRET = "hook-secret";

    /** A webhook receiver: signed deliveries only, and it records who it ran as (always nobody). */
    @Route("/api/hook")
    @Webhook
    public static final class Hook {
        private final Fixtures fixtures;

        public Hook(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Map<String, Object> post(Request request) {
            byte[] body = request.bodyBytes();
            fixtures.created.add("identity=" + request.identity() + " session=" + request.session().identity());
            Webhooks.github(body, request.header("X-Hub-Signature-256"), HOOK_SECRET);
            fixtures.invocations.incrementAndGet();
            return Map.of("received", body.length);
        }
    }
}
