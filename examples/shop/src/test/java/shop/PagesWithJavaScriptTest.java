package shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import shop.data.Accounts;
import shop.data.Posts;
import shop.data.Todos;
import shop.data.Users;

/**
 * The shop's pages and actions in headless Chromium with JavaScript on: the client runtime submits the
 * forms with fetch and applies the answer in place. A marker set on {@code window} before a submit tells an
 * in-place update (the marker is still there) from a full page load (it is gone).
 */
@Tag("db")
class PagesWithJavaScriptTest extends ChromiumTestSupport {

    @Test
    void aPostIsCreatedInPlaceThenTheClientNavigatesToIt() {
        Posts posts = new Posts(shop.shop().database().jdbi());
        int before = posts.count();
        open("/posts/new");
        mark();
        type("title", "Written with JavaScript");
        submit("main form");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("content-error")));
        assertThat(error.getText()).isEqualTo("All fields required");
        assertThat(byId("title").getDomProperty("value")).isEqualTo("Written with JavaScript");
        assertThat(path()).isEqualTo("/posts/new");
        assertThat(marker()).as("no full page load after the failed submit").isEqualTo(42L);
        assertThat(posts.count()).isEqualTo(before);

        type("content", "Sent with fetch and shown without a page load.");
        submit("main form");

        wait.until(ExpectedConditions.urlMatches("/posts/\\d+$"));
        WebElement title = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("post-title")));
        assertThat(title.getText()).isEqualTo("Written with JavaScript");
        assertThat(byId("post-content").getText()).isEqualTo("Sent with fetch and shown without a page load.");
        assertThat(browser.getTitle()).startsWith("Written with JavaScript");
        assertThat(js("return history.state && history.state.arbor")).as("pushed by the client runtime").isEqualTo(true);
        assertThat(marker()).as("client-side navigation, not a page load").isEqualTo(42L);
        assertThat(posts.count()).isEqualTo(before + 1);
        long id = Long.parseLong(path().substring("/posts/".length()));
        assertThat(posts.find(id)).hasValueSatisfying(p -> assertThat(p.title()).isEqualTo("Written with JavaScript"));
    }

    @Test
    void addingATodoShowsThePendingStateUntilTheAnswerIsApplied() {
        Todos todos = new Todos(shop.shop().database().jdbi());
        open("/todos");
        mark();
        type("todo-title", "Water the plants");

        // Clicked and read in the same script, so before any answer can be applied.
        @SuppressWarnings("unchecked")
        List<Object> during = (List<Object>) js("""
                const form = document.getElementById('add-todo');
                const btn = form.querySelector('button[type=submit]');
                btn.click();
                return [form.getAttribute('aria-busy'), btn.disabled, btn.textContent];
                """);
        assertThat(during).containsExactly("true", true, "Adding...");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("todos"), "Water the plants"));
        wait.until(d -> {
            WebElement button = d.findElement(By.cssSelector("#add-todo button[type=submit]"));
            return "Add".equals(button.getText()) && button.isEnabled()
                    && d.findElement(By.id("add-todo")).getAttribute("aria-busy") == null;
        });
        assertThat(byId("todo-title").getDomProperty("value")).as("the field is empty again").isEmpty();
        assertThat(todos.list()).anyMatch(t -> t.title().equals("Water the plants"));
        assertThat(marker()).as("no full page load").isEqualTo(42L);
    }

    @Test
    void anEmptyTodoShowsItsErrorInPlace() {
        Todos todos = new Todos(shop.shop().database().jdbi());
        int before = todos.list().size();
        open("/todos");
        mark();
        assertThat(browser.findElements(By.id("title-error"))).isEmpty();
        submit("#add-todo");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("title-error")));
        assertThat(error.getText()).isEqualTo("Write something to do");
        assertThat(marker()).as("no full page load").isEqualTo(42L);
        assertThat(todos.list()).hasSize(before);
    }

    @Test
    void signingUpWelcomesInPlaceAndATakenEmailGetsTheSameWelcome() {
        Users users = new Users(shop.shop().database().jdbi());
        int before = users.count();
        open("/signup");
        mark();
        assertThat(browser.findElements(By.id("welcome"))).isEmpty();
        type("name", "Ada");
        type("email", "ada.js@example.com");
        type("password", "lovelace-1815");
        submit("main form");

        WebElement welcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("welcome")));
        assertThat(welcome.getText()).isEqualTo("Thanks, Ada! Log in as ada.js@example.com to continue.");
        assertThat(path()).isEqualTo("/signup");
        assertThat(marker()).as("no full page load").isEqualTo(42L);
        assertThat(users.count()).isEqualTo(before + 1);

        type("name", "Ada Again");
        type("email", "ada.js@example.com");
        type("password", "lovelace-1815");
        submit("main form");

        wait.until(ExpectedConditions.textToBe(By.id("welcome"), "Thanks, Ada Again! Log in as ada.js@example.com to continue."));
        assertThat(browser.findElements(By.id("email-error"))).as("nothing says the address is taken").isEmpty();
        assertThat(marker()).as("no full page load").isEqualTo(42L);
        assertThat(users.count()).isEqualTo(before + 1);
    }

    @Test
    void aFailedLoginIsShownInPlaceAndASuccessfulOneGoesToTheNextPageSignedIn() {
        new Accounts(shop.shop().database().jdbi()).create("Dorothy", "dorothy.js@example.com", "vaughan-1910", Accounts.CUSTOMER);
        open("/login?next=/account");
        mark();
        type("email", "dorothy.js@example.com");
        type("password", "not her password");
        submit("#login-form");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).isEqualTo("Wrong email or password");
        assertThat(byId("email").getDomProperty("value")).isEqualTo("dorothy.js@example.com");
        assertThat(marker()).as("no full page load").isEqualTo(42L);

        type("password", "vaughan-1910");
        submit("#login-form");
        wait.until(d -> "/account".equals(path()) && !d.findElements(By.id("account-name")).isEmpty());
        assertThat(byId("account-name").getText()).isEqualTo("Dorothy");
        assertThat(marker()).as("a client-side navigation").isEqualTo(42L);

        submit("#logout-form");
        wait.until(d -> "/login".equals(path()));
        open("/account");
        assertThat(path()).isEqualTo("/login");
    }

    @Test
    void anUnknownActionReloadsThePageWithTheOutOfDateMessage() {
        Todos todos = new Todos(shop.shop().database().jdbi());
        int before = todos.list().size();
        open("/todos");
        mark();
        assertThat(browser.findElements(By.cssSelector("p.flash"))).isEmpty();
        js("document.querySelector('#add-todo input[name=_action]').value = arguments[0]", "A".repeat(22));
        type("todo-title", "Never added");
        submit("#add-todo");

        new WebDriverWait(browser, TIMEOUT).ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(js("return document.readyState === 'complete' && window.arborMarker === undefined")));
        WebElement flash = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.flash")));
        assertThat(flash.getText()).startsWith("This page is out of date");
        assertThat(path()).isEqualTo("/todos");
        assertThat(todos.list()).hasSize(before);
    }

    @Test
    void anUploadReportsItsProgressAndTheResultInPlace() throws Exception {
        Path image = Files.createTempFile("photo", ".png");
        byte[] bytes = new byte[2 * 1024 * 1024];
        System.arraycopy(UploadsApiTest.PNG, 0, bytes, 0, UploadsApiTest.PNG.length);
        Files.write(image, bytes);
        // Uploading is for signed-in users.
        Accounts.Account uploader = Members.customer(shop);
        open("/login?next=/upload");
        type("email", uploader.email());
        type("password", Members.PASSWORD);
        submit("#login-form");
        wait.until(d -> "/upload".equals(path()));
        open("/upload");
        mark();
        // Record every value the progress bar takes: the answer re-renders the page, resetting the bar.
        js("window.progressSeen = [];"
                + "new MutationObserver(() => { const p = document.getElementById('upload-progress');"
                + " if (p) window.progressSeen.push([p.value, p.max]); })"
                + ".observe(document.getElementById('upload-progress'), { attributes: true });");
        byId("image").sendKeys(image.toAbsolutePath().toString());
        submit("#upload-form");
        WebElement uploaded = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("uploaded")));
        assertThat(uploaded.getText()).matches("Uploaded /uploads/[0-9a-f]{32}\\.png");
        assertThat(marker()).isEqualTo(42L);
        @SuppressWarnings("unchecked")
        List<List<Number>> seen = (List<List<Number>>) js("return window.progressSeen");
        // The bar's maximum became the request's size, and it reached it before the page was re-rendered.
        assertThat(seen).anySatisfy(valueAndMax -> {
            assertThat(valueAndMax.get(1).doubleValue()).isGreaterThan(bytes.length);
            assertThat(valueAndMax.get(0).doubleValue()).isEqualTo(valueAndMax.get(1).doubleValue());
        });
        open("/account");
        submit("#logout-form"); // the browser is shared by this class's tests
        wait.until(d -> "/login".equals(path()));
    }

    @Test
    void theFocusedFieldKeepsFocusWhenTheAnswerIsApplied() {
        open("/todos");
        mark();
        WebElement title = byId("todo-title");
        title.clear();
        // Enter submits from the field, so the field holds the focus while the action runs.
        title.sendKeys(" \n");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("title-error")));
        assertThat(js("return document.activeElement && document.activeElement.id")).isEqualTo("todo-title");
        assertThat(marker()).isEqualTo(42L);
    }

    /**
     * A page the runtime swaps in runs the scripts its own policy allowed (its nonce), under this document's
     * nonce, and nothing else: markup a template let through would not have run on a full load, and under
     * 'strict-dynamic' a script the runtime re-creates would. The answer is served by a stand-in for fetch, so
     * it can hold such markup; the shop itself escapes everything.
     */
    @Test
    void aSwappedInPageRunsItsOwnNoncedScriptsAndNothingElse() {
        open("/posts");
        mark();
        js("""
                window.fetch = async () => new Response(
                  '<!doctype html><title>swapped</title><body><p id="swapped">swapped</p>'
                  + '<script nonce="n0nce">window.trustedRan = true<\\/script>'
                  + '<script>window.injectedRan = true<\\/script></body>',
                  { status: 200, headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': "script-src 'nonce-n0nce' 'strict-dynamic'" } });
                history.pushState({ arbor: true }, '', '/posts?first');
                history.pushState({ arbor: true }, '', '/posts?second');
                history.back();
                """);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("swapped")));
        wait.until(d -> Boolean.TRUE.equals(js("return window.trustedRan === true")));
        assertThat(js("return window.injectedRan === undefined")).as("a script without the answer's nonce").isEqualTo(true);
        assertThat(marker()).as("swapped in place, not loaded").isEqualTo(42L);
    }
}
