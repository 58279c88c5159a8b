package dev.arbor.bench.jmh;

import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.internal.bind.Binder;
import dev.arbor.internal.bind.FormDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What refusing each hostile body of SECURITY.md checklist item 15 costs the server once the bytes have arrived:
 * decoding and binding up to the limit that stops it. The target is under 100 ms per case; the refusal must not
 * grow with what the body asks for (a 100,000-element array costs what the first 50,000 tokens cost). Bodies over
 * 1 MiB are refused by their declared length before any of this, so they are not here; HostileLimitsTest times
 * every case end to end over HTTP. Each call answers the status the client would get.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class HostileBodyBenchmark {

    public record Order(String item, int quantity, List<String> tags) {}

    /** Any JSON value: nothing in the record's shape stops the parser before its own limits do. */
    public record Untyped(Object value) {}

    @Param({"fields1001", "jsonDepth33", "jsonString64k1", "formString64k1", "jsonArray100k", "selfReference"})
    public String hostile;

    private byte[] body;
    private final int maxFields = Limits.defaults().maxFormFields();

    @Setup
    public void setUp() {
        String text = switch (hostile) {
            case "fields1001" -> "f=1&".repeat(1001);
            case "jsonDepth33" -> "{\"value\":" + "[".repeat(32) + "]".repeat(32) + "}";
            case "jsonString64k1" -> "{\"item\":\"" + "x".repeat(64 * 1024 + 1) + "\",\"quantity\":1}";
            case "formString64k1" -> "quantity=1&item=" + "x".repeat(64 * 1024 + 1);
            case "jsonArray100k" -> "{\"value\":[" + "0,".repeat(99_999) + "0]}";
            case "selfReference" -> "0=%5B%22%24F1%22%5D&1=%7B%22then%22%3A%22%241%3A__proto__%3Athen%22%7D";
            default -> throw new IllegalArgumentException(hostile);
        };
        body = text.getBytes(StandardCharsets.UTF_8);
        if (refuse() < 400) {
            throw new IllegalStateException(hostile + " was accepted");
        }
    }

    @Benchmark
    public int refuse() {
        try {
            return switch (hostile) {
                case "fields1001", "formString64k1", "selfReference" -> {
                    Binder.form(FormDecoder.decode(body, maxFields), Order.class);
                    yield 200;
                }
                case "jsonString64k1" -> {
                    Binder.json(body, Order.class);
                    yield 200;
                }
                default -> {
                    Binder.json(body, Untyped.class);
                    yield 200;
                }
            };
        } catch (HttpError refused) {
            return refused.status();
        }
    }
}
