package dev.arbor.internal.server;

import dev.arbor.CorsPolicy;
import dev.arbor.Identity;
import dev.arbor.Limits;
import dev.arbor.Services;
import dev.arbor.internal.action.Keys;
import dev.arbor.internal.http.SecurityHeaders;
import dev.arbor.internal.http.TrustedProxies;
import dev.arbor.spi.ActionDefinition;
import dev.arbor.spi.RouteDefinition;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What {@code Arbor.Builder} was told, with the defaults and the checks: a setting that cannot work is refused
 * here, when it is written, with a message that names it. The builder only stores; the two assemblies
 * ({@link AppAssembly}, {@link JettyServer}) read the fields. Not thread-safe: one thread configures, then starts.
 */
public final class Settings {
    int port = 3000;
    String host = "0.0.0.0";
    Services services = new Services();
    final List<RouteDefinition> routes = new ArrayList<>();
    final List<ActionDefinition> actions = new ArrayList<>();
    byte[] secret;
    final List<Keys.Previous> previousSecrets = new ArrayList<>();
    Duration boundValuesLifetime = Keys.DEFAULT_BOUND_LIFETIME;
    Boolean production;
    final List<String> origins = new ArrayList<>();
    final List<String> trustedProxies = new ArrayList<>();
    Duration sessionLifetime = Duration.ofDays(7);
    String redis;
    Duration idempotencyKeyLifetime = Duration.ofHours(24);
    Function<String, Optional<Identity>> tokens;
    final Map<String, CorsPolicy> corsPrefixes = new LinkedHashMap<>();
    Limits limits = Limits.defaults();
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Duration sseHeartbeat = Duration.ofSeconds(15);
    long pageCacheBytes = 16L * 1024 * 1024;
    Path uploadDirectory = Path.of(System.getProperty("java.io.tmpdir"), "arbor-uploads");
    PrintStream out = System.out;
    CompletionStage<?> ready;
    Path keyStore;
    String keyStorePassword;
    final Map<String, List<String>> cspSources = new LinkedHashMap<>();
    String cspReports;
    Clock clock = Clock.systemUTC();

    /** The app's services, which the server adds its own {@code RateLimits} to before it builds the routes. */
    public Services services() {
        return services;
    }

    public void port(int port) {
        this.port = port;
    }

    public void host(String host) {
        this.host = host;
    }

    public void services(Services services) {
        this.services = services;
    }

    public void routes(Collection<RouteDefinition> definitions) {
        routes.addAll(definitions);
    }

    public void actions(Collection<ActionDefinition> definitions) {
        actions.addAll(definitions);
    }

    public void secret(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the app secret must have at least 32 bytes");
        }
        this.secret = secret.clone();
    }

    public void previousSecret(byte[] secret, Instant acceptedUntil) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("a previous app secret must have at least 32 bytes");
        }
        previousSecrets.add(new Keys.Previous(secret, acceptedUntil));
    }

    public void boundValuesLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("the lifetime of bound values must be positive");
        }
        this.boundValuesLifetime = lifetime;
    }

    public void production(boolean production) {
        this.production = production;
    }

    public void origins(String... publicOrigins) {
        origins.addAll(List.of(publicOrigins));
    }

    public void trustedProxies(String... addresses) {
        TrustedProxies.of(List.of(addresses)); // parsed only to refuse a bad entry now; start parses them again
        trustedProxies.addAll(List.of(addresses));
    }

    public void sessionLifetime(Duration lifetime) {
        this.sessionLifetime = lifetime;
    }

    public void redis(String uri) {
        this.redis = uri;
    }

    public void idempotencyKeyLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("the idempotency key lifetime must be positive");
        }
        this.idempotencyKeyLifetime = lifetime;
    }

    public void bearerTokens(Function<String, Optional<Identity>> resolver) {
        this.tokens = resolver;
    }

    public void cors(String pathPrefix, CorsPolicy policy) {
        corsPrefixes.put(pathPrefix, policy);
    }

    public void contentSecurityPolicy(String directive, String... sources) {
        SecurityHeaders.checkSources(directive, sources);
        cspSources.computeIfAbsent(directive, d -> new ArrayList<>()).addAll(List.of(sources));
    }

    public void contentSecurityPolicyReports(String endpoint) {
        SecurityHeaders.checkReportEndpoint(endpoint);
        this.cspReports = endpoint;
    }

    public void limits(Limits limits) {
        this.limits = limits;
    }

    public void shutdownTimeout(Duration timeout) {
        this.shutdownTimeout = timeout;
    }

    public void pageCacheBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the page cache size is a number of bytes, 0 or more");
        }
        this.pageCacheBytes = bytes;
    }

    public void sseHeartbeat(Duration interval) {
        this.sseHeartbeat = interval;
    }

    public void https(Path keyStore, String password) {
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("the TLS key store " + keyStore + " does not exist or cannot be read");
        }
        this.keyStore = keyStore;
        this.keyStorePassword = password;
    }

    public void uploadDirectory(Path directory) {
        this.uploadDirectory = directory;
    }

    public void holdRequestsUntil(CompletionStage<?> ready) {
        this.ready = ready;
    }

    public void printTo(PrintStream stream) {
        this.out = stream;
    }

    public void clock(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("the clock cannot be null; the default is Clock.systemUTC()");
        }
        this.clock = clock;
    }
}
