package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.internal.render.RenderContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private static final String NONCE = RenderContext.NONCE_PLACEHOLDER;
    private static final String TOKEN = RenderContext.TOKEN_PLACEHOLDER;

    private static String fill(String page, String nonce, Supplier<String> token) {
        return new String(Placeholders.fill(page.getBytes(StandardCharsets.UTF_8), nonce, token), StandardCharsets.UTF_8);
    }

    @Test
    void everyNonceAndTokenPlaceholderIsReplacedAsStringReplaceWould() {
        String page = "<script nonce=\"" + NONCE + "\"></script><form><input name=\"_csrf\" value=\"" + TOKEN
                + "\"></form><p>a_b__c</p><style nonce=\"" + NONCE + "\"></style><input value=\"" + TOKEN + "\">";
        String nonce = "n0nce-of-twenty-four-chr";
        String token = "a-much-longer-token-than-the-placeholder-it-stands-in-for";
        assertThat(fill(page, nonce, () -> token)).isEqualTo(page.replace(NONCE, nonce).replace(TOKEN, token));
        assertThat(fill(page, "x", () -> "y")).isEqualTo(page.replace(NONCE, "x").replace(TOKEN, "y"));
    }

    @Test
    void theTokenIsAskedForOnlyWhenThePageHoldsOneAndThenOnce() {
        AtomicInteger asked = new AtomicInteger();
        Supplier<String> token = () -> "t" + asked.incrementAndGet();
        assertThat(fill("<p nonce=\"" + NONCE + "\">no form</p>", "n", token)).isEqualTo("<p nonce=\"n\">no form</p>");
        assertThat(asked).hasValue(0);
        assertThat(fill(TOKEN + "|" + TOKEN, "n", token)).isEqualTo("t1|t1");
        assertThat(asked).hasValue(1);
    }

    @Test
    void aPageWithoutPlaceholdersIsReturnedAsItIs() {
        byte[] body = "<p>__arbor_ but no placeholder, _ and __</p>".getBytes(StandardCharsets.UTF_8);
        assertThat(Placeholders.fill(body, "n", () -> {
            throw new AssertionError("no token to ask for");
        })).isSameAs(body);
    }

    @Test
    void charactersOfSeveralBytesAroundPlaceholdersArriveIntact() {
        String page = "é" + NONCE + "日本語" + TOKEN + "😀_" + NONCE;
        assertThat(fill(page, "N", () -> "T")).isEqualTo("éN日本語T😀_N");
    }

    @Test
    void thePlaceholdersAreRandomPerProcessAndSurviveEscaping() {
        assertThat(NONCE).matches("__arbor_nonce_[0-9a-f]{32}__").isNotEqualTo("__arbor_nonce_5f3c1e__");
        assertThat(TOKEN).matches("__arbor_token_[0-9a-f]{32}__").isNotEqualTo("__arbor_token_9b2d7a__");
        gg.jte.output.StringOutput attribute = new gg.jte.output.StringOutput();
        gg.jte.html.escape.Escape.htmlAttribute(NONCE + TOKEN, attribute);
        gg.jte.output.StringOutput content = new gg.jte.output.StringOutput();
        gg.jte.html.escape.Escape.htmlContent(NONCE + TOKEN, content);
        assertThat(List.of(attribute.toString(), content.toString())).containsOnly(NONCE + TOKEN);
        String old = "<p>__arbor_nonce_5f3c1e__ __arbor_token_9b2d7a__</p>";
        assertThat(fill(old, "N", () -> {
            throw new AssertionError("no token to ask for");
        })).as("the fixed strings of old are text like any other").isEqualTo(old);
    }

    @Test
    void aPlaceholderCutShortAtTheEndIsLeftAlone() {
        String page = "<p>" + NONCE.substring(0, NONCE.length() - 1);
        assertThat(fill(page, "N", () -> "T")).isEqualTo(page);
        assertThat(fill(TOKEN, "N", () -> "T")).isEqualTo("T");
    }
}
