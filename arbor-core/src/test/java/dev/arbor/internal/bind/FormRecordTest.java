package dev.arbor.internal.bind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.arbor.HttpError;
import dev.arbor.UploadedFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link FormRecord} binds forms without Jackson, and must bind exactly what Jackson's form mapper binds: these
 * tests put the same fields through both ({@link Binder#throughJackson}) and compare the record, or the refusal,
 * for every supported component type against values chosen to sit on the edges of each conversion.
 */
class FormRecordTest {
    enum Colour { RED, GREEN }

    record Text(String v) {}
    record Int(int v) {}
    record BoxedInt(Integer v) {}
    record Long1(long v) {}
    record BoxedLong(Long v) {}
    record Dbl(double v) {}
    record BoxedDbl(Double v) {}
    record Decimal(BigDecimal v) {}
    record Bool(boolean v) {}
    record BoxedBool(Boolean v) {}
    record Paint(Colour v) {}
    record Day(LocalDate v) {}
    record Texts(List<String> v) {}
    record Ints(List<Integer> v) {}
    record Longs(List<Long> v) {}
    record Decimals(List<BigDecimal> v) {}
    record Paints(List<Colour> v) {}
    record Days(List<LocalDate> v) {}
    record Bools(List<Boolean> v) {}
    record File1(UploadedFile v) {}
    record Files(List<UploadedFile> v) {}

    record Mixed(String name, int quantity, Integer limit, boolean gift, Colour colour, List<String> tags) {}

    record Checked(String v) {
        Checked {
            switch (v == null ? "" : v) {
                case "iae" -> throw new IllegalArgumentException("v is bad");
                case "bare" -> throw new IllegalArgumentException();
                case "npe" -> throw new NullPointerException("no");
                case "state" -> throw new IllegalStateException("state");
                case "http" -> throw HttpError.badRequest("from the constructor");
                default -> { }
            }
        }
    }

    static final java.util.concurrent.atomic.AtomicInteger SNEAKY_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /** Throws a checked exception it does not declare, and counts how often it is called. */
    record Sneaky(String v) {
        Sneaky {
            SNEAKY_CALLS.incrementAndGet();
            if ("boom".equals(v)) {
                FormRecordTest.<RuntimeException>sneakyThrow(new java.io.IOException("undeclared"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }

    record Renamed(@JsonProperty("n") String name) {}
    record Unsupported(Set<Integer> lines, Optional<String> note) {}
    record TwoConstructors(String v) {
        TwoConstructors(int v) {
            this(Integer.toString(v));
        }
    }
    record WithGetter(String v) {
        public String getOther() {
            return v;
        }
    }

    private static final List<Class<? extends Record>> SCALARS = List.of(Text.class, Int.class, BoxedInt.class, Long1.class,
            BoxedLong.class, Dbl.class, BoxedDbl.class, Decimal.class, Bool.class, BoxedBool.class, Paint.class, Day.class,
            Texts.class, Ints.class, Longs.class, Decimals.class, Paints.class, Days.class, Bools.class, Checked.class);

    private static final List<String> EDGES = List.of("", " ", "0", "-0", "1", "-1", "+1", "007", "12", " 12", "12 ", "1.5",
            "-1.5", "0.25", "-0.0", ".5", "1.", "1e3", "1E3", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "999999999",
            "1000000000", "2147483647", "2147483648", "-2147483648", "-2147483649", "999999999999999999",
            "9223372036854775807", "9223372036854775808", "99999999999999999999", "123456789012345.123456789012345",
            "1234567890123456", "0.1234567890123456", "١٢", "true", "false", "on", "off", "yes", "no", "ON", " Yes ",
            "TRUE", "maybe", "null", "RED", "red", "GREEN", "BLUE", "2024-02-29", "2023-02-29", "2024-1-1", "2024-01-01T10:00",
            "+2024-01-01", "2024-13-01", "2024-00-10", "2024-04-31", "2024-04-30", "0000-01-01", "9999-12-31", "2024-12-00", "text", "iae", "bare", "npe", "state", "http", "x".repeat(300));

    @Test
    void everySingleValueBindsAsJacksonBindsIt() {
        int decided = 0;
        for (Class<? extends Record> type : SCALARS) {
            assertThat(FormRecord.of(type)).as(type.getSimpleName()).isNotNull();
            for (String value : EDGES) {
                decided += compare(type, form("v", value), List.of());
            }
            decided += compare(type, form(), List.of());
        }
        // Most answers are decided without Jackson; the test would prove nothing if none were.
        assertThat(decided).isGreaterThan(SCALARS.size() * 10);
    }

    @Test
    void repeatedValuesBindAsJacksonBindsThem() {
        List<String> some = List.of("", "1", "12", "on", "RED", "2024-02-29", "text", "-1.5");
        for (Class<? extends Record> type : SCALARS) {
            for (String first : some) {
                for (String second : some) {
                    compare(type, form("v", first, "v", second), List.of());
                }
            }
        }
    }

    @Test
    void severalComponentsBindAsJacksonBindsThem() {
        assertThat(compare(Mixed.class, form("_csrf", "t", "name", "Ada", "quantity", "3", "limit", "", "gift", "on",
                "colour", "GREEN", "tags", "a", "tags", "b", "_action", "x"), List.of())).isEqualTo(1);
        compare(Mixed.class, form("name", "Ada", "quantity", "3", "discount", "5"), List.of());
        compare(Mixed.class, form("quantity", "x", "discount", "5"), List.of());
        compare(Mixed.class, form("discount", "5", "quantity", "x"), List.of());
        compare(Mixed.class, form("name", "Ada", "name", "Eve", "quantity", "x"), List.of());
        compare(Mixed.class, form("Name", "Ada"), List.of());
        compare(Mixed.class, form(), List.of());
        compare(Mixed.class, form("tags", ""), List.of());
        compare(Mixed.class, form("tags", "", "tags", ""), List.of());
    }

    @Test
    void filesBindAsJacksonBindsThem() {
        UploadedFile one = new UploadedFile("v", "a.png", "image/png", 3, Path.of("/tmp/a"));
        UploadedFile two = new UploadedFile("v", "b.png", "image/png", 4, Path.of("/tmp/b"));
        UploadedFile none = new UploadedFile("v", "", "application/octet-stream", 0, Path.of("/tmp/c"));
        UploadedFile elsewhere = new UploadedFile("w", "c.png", "image/png", 4, Path.of("/tmp/d"));
        for (Class<? extends Record> type : List.of(File1.class, Files.class, Text.class)) {
            assertThat(compare(type, form(), List.of(one))).isLessThanOrEqualTo(1);
            compare(type, form(), List.of(one, two));
            compare(type, form(), List.of(none));
            compare(type, form(), List.of());
            compare(type, form("v", "text"), List.of());
            compare(type, form("v", "text"), List.of(one));
            compare(type, form(), List.of(elsewhere));
        }
        assertThat(compare(File1.class, form(), List.of(one))).isEqualTo(1);
        assertThat(compare(Files.class, form(), List.of(one, two))).isEqualTo(1);
    }

    @Test
    void aRecordWithJacksonAnnotationsOrTypesItDoesNotKnowIsLeftToJackson() {
        assertThat(FormRecord.of(Renamed.class)).isNull();
        assertThat(FormRecord.of(Unsupported.class)).isNull();
        assertThat(FormRecord.of(TwoConstructors.class)).isNull();
        assertThat(FormRecord.of(WithGetter.class)).isNull();
        assertThat(FormRecord.of(String.class)).isNull();
        assertThat(Binder.form(form("n", "Ada"), Renamed.class)).isEqualTo(new Renamed("Ada"));
    }

    @Test
    void aConstructorThrowingAnUndeclaredCheckedExceptionIsCalledOnceAndAnswers400() {
        assertThat(FormRecord.of(Sneaky.class)).isNotNull();
        SNEAKY_CALLS.set(0);
        HttpError refused = null;
        try {
            Binder.form(form("v", "boom"), Sneaky.class);
        } catch (HttpError e) {
            refused = e;
        }
        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(String.valueOf(refused.detail())).isEqualTo("Invalid value");
        assertThat(SNEAKY_CALLS).as("the constructor's side effects happen once").hasValue(1);
        SNEAKY_CALLS.set(0);
        assertThat(compare(Sneaky.class, form("v", "boom"), List.of())).as("decided without Jackson, as Jackson would").isEqualTo(1);
        assertThat(SNEAKY_CALLS).as("once by Jackson, once by the fast path").hasValue(2);
    }

    /** The fields through both paths: 1 when the fast path decided (and agreed), 0 when it left it to Jackson. */
    static int compare(Class<?> type, Map<String, List<String>> fields, List<UploadedFile> files) {
        String what = type.getSimpleName() + " " + fields + " " + files;
        Object jackson;
        try {
            jackson = Binder.throughJackson(fields, files, type);
        } catch (HttpError refused) {
            jackson = refused;
        }
        Object fast;
        try {
            fast = FormRecord.of(type).bind(fields, files);
        } catch (HttpError refused) {
            fast = refused;
        }
        if (fast == null) {
            return 0;
        }
        if (jackson instanceof HttpError expected) {
            assertThat(fast).as(what).isInstanceOf(HttpError.class);
            HttpError actual = (HttpError) fast;
            assertThat(List.of(actual.status(), String.valueOf(actual.detail()), actual.errors()))
                    .as(what).isEqualTo(List.of(expected.status(), String.valueOf(expected.detail()), expected.errors()));
        } else {
            assertThat(fast).as(what).isEqualTo(jackson);
            if (jackson != null && ((Record) jackson).getClass().getRecordComponents()[0].getType() == List.class) {
                Object list = component(fast);
                assertThat(list == null || list instanceof ArrayList).as(what + ": a mutable list, as Jackson makes").isTrue();
            }
        }
        return 1;
    }

    private static Object component(Object record) {
        try {
            return record.getClass().getRecordComponents()[0].getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, List<String>> form(String... namesAndValues) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return fields;
    }
}
