package dev.arbor.bench.jmh;

import dev.arbor.internal.action.CsrfGuard;
import dev.arbor.internal.action.Keys;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cross-site check every action POST passes before its body is read, on each of its three allowing paths:
 * a current browser's {@code Sec-Fetch-Site: same-origin}, an older browser's matching {@code Origin} (parsed
 * with {@link java.net.URI} and normalized, on both sides), and a client that sent neither and carries the
 * session's token. On the token path the session's token is derived and compared inside the measurement, because
 * {@code ActionPipeline} (through {@code CrossSite}) derives it from the anchor on every POST without Fetch Metadata or Origin.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CsrfBenchmark {
    private static final String SESSION_ID = "q8Zr2LwX0bN5tYc7vK1mPa";
    private final List<String> allowedOrigins = List.of("https://shop.example.com");
    private Keys keys;
    private String submittedToken;

    @Setup
    public void setUp() {
        keys = new Keys(Keys.randomSecret(), java.util.List.of(), Keys.DEFAULT_BOUND_LIFETIME, java.time.Clock.systemUTC());
        submittedToken = keys.csrfToken(SESSION_ID);
        if (secFetchSite() != null || originMatch() != null || token() != null) {
            throw new IllegalStateException("a request that should pass was refused");
        }
    }

    /** {@code Sec-Fetch-Site: same-origin}: decided on the header alone. */
    @Benchmark
    public String secFetchSite() {
        return CsrfGuard.check("same-origin", null, allowedOrigins, null, false);
    }

    /** No Fetch Metadata, an {@code Origin} equal to the app's. */
    @Benchmark
    public String originMatch() {
        return CsrfGuard.check(null, "https://shop.example.com", allowedOrigins, null, false);
    }

    /** Neither header: the form's {@code _csrf} against the token derived from the session id. */
    @Benchmark
    public String token() {
        return CsrfGuard.check(null, null, allowedOrigins, submittedToken, keys.acceptsCsrfToken(SESSION_ID, submittedToken));
    }
}
