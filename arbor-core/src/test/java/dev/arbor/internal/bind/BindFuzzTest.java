package dev.arbor.internal.bind;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arbor.HttpError;
import dev.arbor.Limits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzz targets for the body parsers (SECURITY.md rule 0.9). Without {@code JAZZER_FUZZ} each target runs once per
 * file of its corpus under {@code src/test/resources/dev/arbor/internal/bind/BindFuzzTestInputs/<method>/}, as
 * an ordinary test; with {@code JAZZER_FUZZ=1} Jazzer mutates from that corpus. The invariant of each target is
 * that bad input is refused only with the documented {@link HttpError} statuses, never with another exception.
 */
class BindFuzzTest {
    private static final int MAX_FIELDS = Limits.defaults().maxFormFields();
    private static final int MAX_STRING = Limits.defaults().maxStringLength();

    public enum Colour { RED, GREEN }

    public record Address(@NotBlank String street, @Size(max = 10) String zip) {}

    public record Order(@NotBlank String name, @Min(0) @Max(100) int quantity, Integer count, boolean gift, Boolean express,
                        Double price, List<String> tags, Set<Integer> lines, Map<String, Integer> extras, Address address,
                        List<Address> more, Colour colour, LocalDate due, Optional<String> note, long[] codes) {}

    /** Only component types {@link FormRecord} binds itself, so that the fast path meets the fuzzer's forms. */
    public record Plain(String name, int quantity, Integer count, boolean gift, Boolean express, Double price,
                        java.math.BigDecimal total, long code, List<String> tags, List<Integer> lines, Colour colour,
                        LocalDate due) {}

    /** Any JSON value, to exercise the parser's depth, string and number limits rather than the binder's shape. */
    public record Untyped(Object value) {}

    @FuzzTest
    void formDecoder(byte[] body) {
        Map<String, List<String>> fields;
        try {
            fields = FormDecoder.decode(body, MAX_FIELDS);
        } catch (HttpError refused) {
            assertThat(refused.status()).isIn(400, 413);
            return;
        }
        assertThat(fields.values().stream().mapToInt(List::size).sum()).isLessThanOrEqualTo(MAX_FIELDS);
        // Decoding is exact: encoding what was decoded and decoding again gives the same fields.
        StringBuilder again = new StringBuilder();
        fields.forEach((name, values) -> values.forEach(value -> again.append(again.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8))));
        assertThat(FormDecoder.decode(again.toString().getBytes(StandardCharsets.US_ASCII), MAX_FIELDS)).isEqualTo(fields);
    }

    @FuzzTest
    void formBinder(byte[] body) {
        try {
            Order order = Binder.form(FormDecoder.decode(body, MAX_FIELDS), Order.class);
            assertThat(order.name()).isNotBlank();
            assertThat(order.quantity()).isBetween(0, 100);
        } catch (HttpError refused) {
            assertThat(refused.status()).isIn(400, 413, 422);
        }
    }

    @FuzzTest
    void formRecordAgreesWithJackson(byte[] body) {
        Map<String, List<String>> fields;
        try {
            fields = FormDecoder.decode(body, MAX_FIELDS);
        } catch (HttpError refused) {
            return;
        }
        // The same record, or the same refusal, as Jackson's form mapper gives.
        FormRecordTest.compare(Plain.class, fields, List.of());
    }

    @FuzzTest
    void jsonBinder(byte[] body) {
        try {
            Order order = Binder.json(body, Order.class);
            assertThat(order.name()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_STRING);
            assertThat(order.quantity()).isBetween(0, 100);
            assertThat(Json.write(order)).isNotEmpty();
        } catch (HttpError refused) {
            assertThat(refused.status()).isIn(400, 422);
        }
        try {
            Untyped any = Binder.json(body, Untyped.class);
            assertThat(Json.write(any)).isNotEmpty();
        } catch (HttpError refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }
}
