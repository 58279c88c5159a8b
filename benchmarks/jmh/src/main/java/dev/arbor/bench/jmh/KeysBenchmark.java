package dev.arbor.bench.jmh;

import dev.arbor.internal.action.Keys;
import dev.arbor.internal.bind.Json;
import java.util.Arrays;
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
 * The keyed work behind server actions, in {@link Keys}. {@code actionId} (HMAC-SHA256 under a derived key) runs
 * for every action form a page renders, {@code seal} (AES-256-GCM with a random IV, then base64url) for every form
 * with bound values such as the shop's "Add to cart", and {@code open} for every POST of such a form; cookie
 * sessions are sealed and opened the same way. The plaintext is what {@code Forms.form} seals for the shop's
 * "Add to cart": the bound product id as JSON, {@code [17]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class KeysBenchmark {
    /** The key of the shop's addToCart action, as the annotation processor writes it into CartActions_. */
    private static final String ACTION_KEY =
            "shop.app.cart.CartActions#addToCart(long,shop.app.cart.CartActions.Quantity,dev.arbor.ActionContext)";

    private Keys keys;
    private String actionId;
    private byte[] boundValues;
    private String sealed;

    @Setup
    public void setUp() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        keys = new Keys(secret, java.util.List.of(), Keys.DEFAULT_BOUND_LIFETIME, java.time.Clock.systemUTC());
        actionId = keys.actionId(ACTION_KEY);
        boundValues = Json.write(List.of(17L));
        sealed = keys.seal(actionId, boundValues);
        if (!Arrays.equals(open(), boundValues)) {
            throw new IllegalStateException("open did not give back the sealed bytes");
        }
    }

    /** The public id of an action from its key. */
    @Benchmark
    public String actionId() {
        return keys.actionId(ACTION_KEY);
    }

    /** Encrypting the bound values for a form's hidden {@code _bound} field. */
    @Benchmark
    public String seal() {
        return keys.seal(actionId, boundValues);
    }

    /** Decrypting and authenticating them when the form comes back. */
    @Benchmark
    public byte[] open() {
        return keys.open(actionId, sealed);
    }
}
