package dev.arbor.bench.jmh;

import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.internal.bind.Binder;
import dev.arbor.internal.bind.FormDecoder;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A form POST's body work, as an action pays it: {@link FormDecoder#decode} of the urlencoded bytes, then
 * {@link Binder#form}, which converts the fields and calls the record's constructor (Jackson's form mapper only for
 * what it does not take verbatim, and for refusals) and validates the record with Hibernate Validator (form()
 * validates itself; there is no separate call to make). The body is what a browser sends, with {@code %40} and
 * {@code +} escapes and the framework's {@code _action}/{@code _csrf} fields.
 * The two-error case measures the failure path a user hits on a mistyped form: violations collected, sorted,
 * and thrown as a 422 {@link HttpError}. Decoding and validation alone are measured too, to show which part
 * of the total is the binding's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class FormBindingBenchmark {

    public enum Plan { FREE, PRO, TEAM }

    /** Ten fields of the kinds Binder converts: text, int, long, boolean, date, enum. */
    public record Registration(
            @NotBlank @Size(max = 80) String name,
            @NotBlank @Email String email,
            @NotBlank @Size(min = 12, max = 128) String password,
            @Min(18) @Max(120) int age,
            @PositiveOrZero long budgetCents,
            boolean newsletter,
            @NotNull @Past LocalDate birthDate,
            @NotNull Plan plan,
            @NotBlank @Pattern(regexp = "[A-Z]{2}") String country,
            @Size(max = 500) String notes) {}

    private static final String VALID = "_action=Xq3d9LkP0aZb7RtYw2M1sA&_csrf=kJ8s2H7dLq0pX9vB3nR5tY1wZ6cF4gE2aM8uQ0iO1yU"
            + "&name=Ada+Lovelace&email=ada%40example.com&password=correct+horse+battery&age=36&budgetCents=250000"
            + "&newsletter=on&birthDate=1988-12-10&plan=PRO&country=GB&notes=Please+invoice+the+team+account.";
    /** The same form with a mistyped e-mail address and an age under the minimum. */
    private static final String TWO_ERRORS = VALID.replace("ada%40example.com", "ada.example.com").replace("age=36", "age=16");

    private final int maxFields = Limits.defaults().maxFormFields();
    private byte[] valid;
    private byte[] twoErrors;
    private Registration bound;

    @Setup
    public void setUp() {
        valid = VALID.getBytes(StandardCharsets.US_ASCII);
        twoErrors = TWO_ERRORS.getBytes(StandardCharsets.US_ASCII);
        bound = decodeBindValidate();
        if (!bound.email().equals("ada@example.com") || bound.plan() != Plan.PRO || !bound.newsletter()) {
            throw new IllegalStateException("the valid form bound wrongly: " + bound);
        }
        List<HttpError.FieldError> errors = decodeBindTwoErrors().errors();
        if (errors.size() != 2) {
            throw new IllegalStateException("expected two field errors, got " + errors);
        }
    }

    /** Only the urlencoded parse: 12 fields, four of them with escapes. */
    @Benchmark
    public Map<String, List<String>> decode() {
        return FormDecoder.decode(valid, maxFields);
    }

    /** Decode, bind and validate a valid form: the success path of every action with a form parameter. */
    @Benchmark
    public Registration decodeBindValidate() {
        return Binder.form(FormDecoder.decode(valid, maxFields), Registration.class);
    }

    /** The same with two invalid fields: the 422 comes back as the exception Binder throws. */
    @Benchmark
    public HttpError decodeBindTwoErrors() {
        try {
            Binder.form(FormDecoder.decode(twoErrors, maxFields), Registration.class);
        } catch (HttpError expected) {
            return expected;
        }
        throw new IllegalStateException("the invalid form was accepted");
    }

    /** Only Hibernate Validator's pass over an already bound, valid record. */
    @Benchmark
    public Registration validateOnly() {
        return Binder.validate(bound);
    }
}
