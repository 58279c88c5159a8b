package shop.app.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginActionsTest {
    @Test
    void pathsOnThisSiteAreKeptAsTheNextPlaceToGo() {
        assertThat(LoginActions.safeNext("/account")).isEqualTo("/account");
        assertThat(LoginActions.safeNext("/posts/7/edit?x=1#top")).isEqualTo("/posts/7/edit?x=1#top");
    }

    @Test
    void anythingThatCouldLeaveTheSiteGoesHome() {
        for (String next : new String[] {null, "", "account", "//evil.example", "///evil.example", "/\\evil.example",
                "https://evil.example", "javascript:alert(1)", "/\r\nLocation: https://evil.example", "/a\tb", "/" + "a".repeat(2000)}) {
            assertThat(LoginActions.safeNext(next)).as(String.valueOf(next)).isEqualTo("/");
        }
    }
}
