package dev.arbor.internal.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.arbor.HttpError;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinderTest {
    // Messages are given explicitly so that the assertions do not depend on the JVM's locale.
    record Signup(@NotBlank(message = "is required") String name,
                  @Min(value = 18, message = "must be at least {value}") int age) {}

    record Address(@NotBlank(message = "is required") String street,
                   @Size(min = 5, max = 5, message = "must have {min} characters") String zip,
                   @NotNull(message = "is required") String city) {}

    record Order(int quantity, Integer limit, String note) {}

    record Tags(List<String> tag) {}

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpError refusal(Runnable binding) {
        Throwable thrown = catchThrowable(binding::run);
        assertThat(thrown).isInstanceOf(HttpError.class);
        return (HttpError) thrown;
    }

    private static Map<String, List<String>> form(String... namesAndValues) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return fields;
    }

    @Test
    void jsonBindsAnObjectIntoARecord() {
        Signup signup = Binder.json(json("{\"name\":\"Ada\",\"age\":36}"), Signup.class);

        assertThat(signup).isEqualTo(new Signup("Ada", 36));
    }

    @Test
    void jsonWithAnUnknownPropertyIsRefusedWith400NamingIt() {
        HttpError error = refusal(() -> Binder.json(json("{\"name\":\"Ada\",\"age\":36,\"x\":1}"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).isEqualTo("Unknown field 'x'");
    }

    @Test
    void jsonWithAWrongTypeIsRefusedWith400NamingTheField() {
        HttpError error = refusal(() -> Binder.json(json("{\"name\":\"Ada\",\"age\":\"old\"}"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).isEqualTo("Field 'age' must be a whole number");
    }

    @Test
    void jsonDoesNotReadANumberFromAString() {
        HttpError error = refusal(() -> Binder.json(json("{\"name\":\"Ada\",\"age\":\"36\"}"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).contains("'age'");
    }

    @Test
    void jsonWithTrailingTokensIsRefusedWith400() {
        HttpError error = refusal(() -> Binder.json(json("{\"name\":\"Ada\",\"age\":36} {}"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
    }

    @Test
    void jsonWithADuplicateKeyIsRefusedWith400() {
        HttpError error = refusal(() -> Binder.json(json("{\"name\":\"Ada\",\"age\":36,\"age\":17}"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
    }

    @Test
    void aJsonNullBodyIsRefusedWith400() {
        HttpError error = refusal(() -> Binder.json(json("null"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).contains("null");
    }

    @Test
    void anEmptyJsonBodyIsRefusedWith400() {
        HttpError error = refusal(() -> Binder.json(new byte[0], Signup.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).contains("empty");
    }

    @Test
    void malformedJsonIsRefusedWith400GivingThePlace() {
        HttpError error = refusal(() -> Binder.json(json("{\"name\":\"Ada\",}"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).startsWith("Malformed JSON at line 1");
    }

    @Test
    void aJsonArrayWhereAnObjectIsExpectedIsRefusedWith400() {
        HttpError error = refusal(() -> Binder.json(json("[1,2]"), Signup.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).isEqualTo("Request body must be an object");
    }

    @Test
    void jsonThatBreaksAConstraintIsRefusedWith422ListingTheField() {
        HttpError error = refusal(() -> Binder.json(json("{\"name\":\"Ada\",\"age\":12}"), Signup.class));

        assertThat(error.status()).isEqualTo(422);
        assertThat(error.type()).isEqualTo("validation");
        assertThat(error.errors()).containsExactly(new HttpError.FieldError("age", "must be at least 18"));
    }

    @Test
    void validationListsEveryInvalidFieldSortedByName() {
        HttpError error = refusal(() -> Binder.validate(new Address(" ", "123", null)));

        assertThat(error.status()).isEqualTo(422);
        assertThat(error.errors())
                .extracting(HttpError.FieldError::field, HttpError.FieldError::message)
                .containsExactly(
                        tuple("city", "is required"),
                        tuple("street", "is required"),
                        tuple("zip", "must have 5 characters"));
    }

    @Test
    void aValidValuePassesValidationUnchanged() {
        Address address = new Address("1 Main St", "12345", "Springfield");

        assertThat(Binder.validate(address)).isSameAs(address);
    }

    @Test
    void formTextIsCoercedIntoANumberComponent() {
        Order order = Binder.form(form("quantity", "12"), Order.class);

        assertThat(order.quantity()).isEqualTo(12);
    }

    @Test
    void formFieldsStartingWithAnUnderscoreAreNotBound() {
        Order order = Binder.form(form("_csrf", "token", "quantity", "2", "_action", "save"), Order.class);

        assertThat(order).isEqualTo(new Order(2, null, null));
    }

    @Test
    void anEmptyFormFieldForAnIntegerComponentBindsNull() {
        Order order = Binder.form(form("quantity", "1", "limit", ""), Order.class);

        assertThat(order.limit()).isNull();
    }

    @Test
    void formTextThatIsNotANumberIsRefusedWith400NamingTheField() {
        HttpError error = refusal(() -> Binder.form(form("quantity", "twelve"), Order.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).contains("'quantity'");
    }

    @Test
    void anUnknownFormFieldIsRefusedWith400NamingIt() {
        HttpError error = refusal(() -> Binder.form(form("quantity", "1", "discount", "50"), Order.class));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).isEqualTo("Unknown field 'discount'");
    }

    @Test
    void aRepeatedFormFieldBindsIntoAListComponent() {
        Tags tags = Binder.form(form("tag", "java", "tag", "web"), Tags.class);

        assertThat(tags.tag()).containsExactly("java", "web");
    }

    @Test
    void aSingleFormValueBindsIntoAListComponent() {
        // A checkbox group with one box ticked sends the name once; it is still a list of one.
        Tags tags = Binder.form(form("tag", "java"), Tags.class);

        assertThat(tags.tag()).containsExactly("java");
    }

    record Consent(boolean newsletter, Boolean terms) {}

    record Avatar(@NotBlank String caption, @NotNull dev.arbor.UploadedFile image) {}

    @Test
    void anUploadedFileBindsIntoAnUploadedFileComponent() throws Exception {
        java.nio.file.Path temp = java.nio.file.Files.createTempFile("upload", ".png");
        var file = new dev.arbor.UploadedFile("image", "me.png", "image/png", 3, temp);
        Avatar avatar = Binder.form(form("caption", "Me"), List.of(file), Avatar.class);
        assertThat(avatar.image()).isEqualTo(file);
        assertThat(avatar.caption()).isEqualTo("Me");
    }

    @Test
    void jsonCanNeverNameAServerFileAsAnUpload() {
        String forged = "{\"caption\":\"x\",\"image\":{\"field\":\"image\",\"fileName\":\"a\",\"contentType\":\"text/plain\","
                + "\"size\":1,\"path\":\"file:///etc/passwd\"}}";
        HttpError error = (HttpError) catchThrowable(() -> Binder.json(forged.getBytes(StandardCharsets.UTF_8), Avatar.class));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).isEqualTo("Field 'image' must be a file sent as multipart/form-data");
    }

    @Test
    void aMissingFileFailsItsConstraint() {
        HttpError error = (HttpError) catchThrowable(() -> Binder.form(form("caption", "Me"), List.of(), Avatar.class));
        assertThat(error.status()).isEqualTo(422);
        assertThat(error.errors()).extracting(HttpError.FieldError::field).containsExactly("image");
    }

    @Test
    void aTickedCheckboxBindsAsTrueAndAMissingOneAsFalseOrNull() {
        assertThat(Binder.form(form("newsletter", "on", "terms", "on"), Consent.class)).isEqualTo(new Consent(true, true));
        assertThat(Binder.form(form(), Consent.class)).isEqualTo(new Consent(false, null));
        assertThat(Binder.form(form("newsletter", "off", "terms", "false"), Consent.class)).isEqualTo(new Consent(false, false));
    }

    @Test
    void aCheckboxValueThatIsNoBooleanIsRefusedWith400() {
        assertThatThrownBy(() -> Binder.form(form("newsletter", "maybe"), Consent.class))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aFormThatBreaksAConstraintIsRefusedWith422() {
        HttpError error = refusal(() -> Binder.form(form("name", "", "age", "12"), Signup.class));

        assertThat(error.status()).isEqualTo(422);
        assertThat(error.errors())
                .extracting(HttpError.FieldError::field)
                .containsExactly("age", "name");
    }
}
