package dev.arbor.internal.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.arbor.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {
    private static final int MAX_FIELDS = 100;

    private static Map<String, List<String>> decode(String body) {
        return FormDecoder.decode(body.getBytes(StandardCharsets.UTF_8), MAX_FIELDS);
    }

    private static HttpError refusal(String body, int maxFields) {
        return refusal(body.getBytes(StandardCharsets.UTF_8), maxFields);
    }

    private static HttpError refusal(byte[] body, int maxFields) {
        Throwable thrown = catchThrowable(() -> FormDecoder.decode(body, maxFields));
        assertThat(thrown).isInstanceOf(HttpError.class);
        return (HttpError) thrown;
    }

    @Test
    void aPlusIsASpaceInNamesAndValues() {
        assertThat(decode("full+name=Ada+Lovelace")).containsExactly(Map.entry("full name", List.of("Ada Lovelace")));
    }

    @Test
    void percentEscapesAreDecoded() {
        assertThat(decode("q=100%25+%26+more%3D%2B")).containsExactly(Map.entry("q", List.of("100% & more=+")));
    }

    @Test
    void percentEscapesAcceptLowerCaseHex() {
        assertThat(decode("path=%2fhome%2f")).containsExactly(Map.entry("path", List.of("/home/")));
    }

    @Test
    void escapedUtf8MultibyteCharactersAreDecoded() {
        assertThat(decode("name=J%C3%BCrgen&price=%E2%82%AC5&emoji=%F0%9F%8C%B3"))
                .containsExactly(
                        Map.entry("name", List.of("Jürgen")),
                        Map.entry("price", List.of("€5")),
                        Map.entry("emoji", List.of("🌳")));
    }

    @Test
    void rawUtf8BytesAreDecoded() {
        assertThat(decode("city=Zürich")).containsExactly(Map.entry("city", List.of("Zürich")));
    }

    @Test
    void repeatedNamesKeepEveryValueInOrder() {
        Map<String, List<String>> fields = decode("tag=b&title=x&tag=a&tag=c");

        assertThat(fields.get("tag")).containsExactly("b", "a", "c");
        assertThat(fields.keySet()).containsExactly("tag", "title");
    }

    @Test
    void fieldsKeepTheOrderOfFirstAppearance() {
        assertThat(decode("z=1&a=2&m=3").keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void aNameWithoutAnEqualsSignHasAnEmptyValue() {
        assertThat(decode("remember&x=1"))
                .containsExactly(Map.entry("remember", List.of("")), Map.entry("x", List.of("1")));
    }

    @Test
    void aNameWithAnEmptyValueHasAnEmptyValue() {
        assertThat(decode("note=")).containsExactly(Map.entry("note", List.of("")));
    }

    @Test
    void onlyTheFirstEqualsSignSplitsNameFromValue() {
        assertThat(decode("expr=a=b")).containsExactly(Map.entry("expr", List.of("a=b")));
    }

    @Test
    void emptySegmentsAreSkipped() {
        assertThat(decode("&a=1&&b=2&"))
                .containsExactly(Map.entry("a", List.of("1")), Map.entry("b", List.of("2")));
    }

    @Test
    void anEmptyBodyHasNoFields() {
        assertThat(decode("")).isEmpty();
    }

    @Test
    void exactlyTheFieldLimitIsAccepted() {
        Map<String, List<String>> fields = FormDecoder.decode("a=1&b=2&c=3".getBytes(StandardCharsets.UTF_8), 3);

        assertThat(fields).hasSize(3);
    }

    @Test
    void oneFieldOverTheLimitIsRefusedWith413() {
        HttpError error = refusal("a=1&b=2&c=3&d=4", 3);

        assertThat(error.status()).isEqualTo(413);
        assertThat(error.detail()).contains("3");
    }

    @Test
    void repeatedNamesCountTowardsTheFieldLimit() {
        assertThat(refusal("a=1&a=2&a=3", 2).status()).isEqualTo(413);
    }

    @Test
    void emptySegmentsDoNotCountTowardsTheFieldLimit() {
        assertThat(FormDecoder.decode("a=1&&&&b=2".getBytes(StandardCharsets.UTF_8), 2)).hasSize(2);
    }

    @Test
    void anIncompleteEscapeIsRefusedWith400() {
        HttpError error = refusal("a=%4", MAX_FIELDS);

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).contains("incomplete");
    }

    @Test
    void aLonePercentSignIsRefusedWith400() {
        assertThat(refusal("a=50%", MAX_FIELDS).status()).isEqualTo(400);
    }

    @Test
    void anIncompleteEscapeBeforeTheNextFieldIsRefusedWith400() {
        assertThat(refusal("a=%4&b=1", MAX_FIELDS).status()).isEqualTo(400);
    }

    @Test
    void anIncompleteEscapeInANameIsRefusedWith400() {
        assertThat(refusal("%4=1", MAX_FIELDS).status()).isEqualTo(400);
    }

    @Test
    void anEscapeWithInvalidHexIsRefusedWith400() {
        HttpError error = refusal("a=%zz", MAX_FIELDS);

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).contains("invalid");
    }

    @Test
    void anEscapeWithOneInvalidHexDigitIsRefusedWith400() {
        assertThat(refusal("a=%4g", MAX_FIELDS).status()).isEqualTo(400);
    }

    @Test
    void escapedBytesThatAreNotUtf8AreRefusedWith400() {
        HttpError error = refusal("a=%C3%28", MAX_FIELDS);

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.detail()).contains("UTF-8");
    }

    @Test
    void aTruncatedUtf8SequenceIsRefusedWith400() {
        assertThat(refusal("a=%E2%82", MAX_FIELDS).status()).isEqualTo(400);
    }

    @Test
    void rawBytesThatAreNotUtf8AreRefusedWith400() {
        HttpError error = refusal(new byte[] {'a', '=', (byte) 0xFF}, MAX_FIELDS);

        assertThat(error.status()).isEqualTo(400);
    }
}
