package shop;

import static org.assertj.core.api.Assertions.assertThat;

import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Signing up, out and in, in a browser with JavaScript off: plain form posts, full page loads, a session cookie. */
@Tag("db")
class AccountPagesWithoutJavaScriptTest extends HtmlUnitTestSupport {
    private static HtmlPage submit(HtmlPage page, String formId) throws Exception {
        HtmlButton button = page.getHtmlElementById(formId).getFirstByXPath(".//button[@type='submit']");
        return button.click();
    }

    private static HtmlPage submit(HtmlPage page) throws Exception {
        HtmlButton button = page.getForms().getFirst().getFirstByXPath(".//button[@type='submit']");
        return button.click();
    }

    @Test
    void aVisitorSignsUpLogsOutLogsInAndSeesTheirAccount() throws Exception {
        HtmlPage signup = open("/signup");
        signup.getHtmlElementById("name").type("Katherine");
        signup.getHtmlElementById("email").type("katherine@example.com");
        signup.getHtmlElementById("password").type("johnson-1918");
        HtmlPage welcomed = submit(signup);
        assertThat(welcomed.getHtmlElementById("welcome").asNormalizedText())
                .isEqualTo("Thanks, Katherine! Log in as katherine@example.com to continue.");

        HtmlPage login = open("/account");
        assertThat(login.getUrl().getPath()).as("signing up signs nobody in").isEqualTo("/login");
        login.getHtmlElementById("email").type("katherine@example.com");
        login.getHtmlElementById("password").type("johnson-1918");
        HtmlPage account = submit(login, "login-form");
        assertThat(account.getUrl().getPath()).isEqualTo("/account");
        assertThat(account.getHtmlElementById("account-email").asNormalizedText()).isEqualTo("katherine@example.com");
        assertThat(account.getHtmlElementById("account-role").asNormalizedText()).isEqualTo("customer");

        HtmlPage loggedOut = submit(account, "logout-form");
        assertThat(loggedOut.getUrl().getPath()).isEqualTo("/login");
        HtmlPage bounced = open("/account");
        assertThat(bounced.getUrl().getPath()).isEqualTo("/login");
        assertThat(bounced.getUrl().getQuery()).isEqualTo("next=/account");

        bounced.getHtmlElementById("email").type("katherine@example.com");
        bounced.getHtmlElementById("password").type("not her password");
        HtmlPage refused = submit(bounced, "login-form");
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(refused.getHtmlElementById("login-error").asNormalizedText()).isEqualTo("Wrong email or password");
        assertThat(refused.getHtmlElementById("email").getAttribute("value")).isEqualTo("katherine@example.com");
        assertThat(refused.getHtmlElementById("password").getAttribute("value")).isEmpty();

        refused.getHtmlElementById("password").type("johnson-1918");
        HtmlPage back = submit(refused, "login-form");
        assertThat(back.getUrl().getPath()).as("back where the login was asked for").isEqualTo("/account");
        assertThat(back.getHtmlElementById("account-name").asNormalizedText()).isEqualTo("Katherine");
    }

    @Test
    void aBlankLoginShowsEachMessageAndSignsNobodyIn() throws Exception {
        HtmlPage failed = submit(open("/login"), "login-form");
        assertThat(failed.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(failed.getHtmlElementById("email-error").asNormalizedText()).isEqualTo("Enter your email");
        assertThat(failed.getHtmlElementById("password-error").asNormalizedText()).isEqualTo("Enter your password");
        assertThat(open("/account").getUrl().getPath()).isEqualTo("/login");
    }
}
