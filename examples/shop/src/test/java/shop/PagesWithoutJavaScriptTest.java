package shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Accounts;
import shop.data.Posts;
import shop.data.Todos;
import shop.data.Users;

/** The shop's pages and actions in a browser with JavaScript off: plain form posts, full page loads. */
@Tag("db")
class PagesWithoutJavaScriptTest extends HtmlUnitTestSupport {
    private static HtmlPage submit(HtmlPage page, int formIndex) throws Exception {
        HtmlForm form = page.getForms().get(formIndex);
        HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
        return button.click();
    }

    /** Signs this test's browser in as {@code account} through the login form. */
    private void logIn(Accounts.Account account) throws Exception {
        HtmlPage login = open("/login");
        login.getHtmlElementById("email").type(account.email());
        login.getHtmlElementById("password").type(Members.PASSWORD);
        HtmlButton button = login.getHtmlElementById("login-form").getFirstByXPath(".//button[@type='submit']");
        assertThat(((HtmlPage) button.click()).getUrl().getPath()).as("signed in").isEqualTo("/");
    }

    private int posts() {
        return new Posts(shop.shop().database().jdbi()).count();
    }

    @Test
    void aPostWithMissingFieldsComesBackWithItsValuesAndMessagesThenCreatesAndRedirects() throws Exception {
        int before = posts();
        HtmlPage form = open("/posts/new");
        form.getHtmlElementById("title").type("My first post");
        HtmlPage failed = submit(form, 0);
        assertThat(failed.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(failed.getHtmlElementById("title").getAttribute("value")).isEqualTo("My first post");
        assertThat(failed.getHtmlElementById("content-error").asNormalizedText()).isEqualTo("All fields required");
        assertThat(posts()).isEqualTo(before);

        failed.getHtmlElementById("content").type("Hello from a browser without JavaScript.");
        HtmlPage created = submit(failed, 0);
        assertThat(created.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(created.getUrl().getPath()).matches("/posts/\\d+");
        assertThat(created.getHtmlElementById("post-title").asNormalizedText()).isEqualTo("My first post");
        assertThat(posts()).isEqualTo(before + 1);

        HtmlPage list = open("/posts");
        assertThat(list.getHtmlElementById("posts").asNormalizedText()).contains("My first post");
    }

    @Test
    void aPostCanBeEditedAndDeletedByItsAuthorWithItsBoundId() throws Exception {
        var author = Members.customer(shop);
        long id = new Posts(shop.shop().database().jdbi()).create("To edit", "Before", author.id()).id();
        logIn(author);
        HtmlPage edit = open("/posts/" + id + "/edit");
        edit.getHtmlElementById("title").setAttribute("value", "Edited");
        HtmlPage shown = submit(edit, 0);
        assertThat(shown.getUrl().getPath()).isEqualTo("/posts/" + id);
        assertThat(shown.getHtmlElementById("post-title").asNormalizedText()).isEqualTo("Edited");

        HtmlPage afterDelete = submit(shown, 0);
        assertThat(afterDelete.getUrl().getPath()).isEqualTo("/posts");
        assertThat(new Posts(shop.shop().database().jdbi()).find(id)).isEmpty();
    }

    @Test
    void signingUpShowsTheWelcomeOnceAndARefreshDoesNotSubmitAgain() throws Exception {
        Users users = new Users(shop.shop().database().jdbi());
        int before = users.count();
        HtmlPage form = open("/signup");
        form.getHtmlElementById("name").type("Grace");
        form.getHtmlElementById("email").type("grace@example.com");
        form.getHtmlElementById("password").type("hopper-1906");
        HtmlPage welcomed = submit(form, 0);
        assertThat(welcomed.getUrl().getPath()).isEqualTo("/signup");
        assertThat(welcomed.getHtmlElementById("welcome").asNormalizedText()).isEqualTo("Thanks, Grace! Log in as grace@example.com to continue.");
        assertThat(users.count()).isEqualTo(before + 1);

        HtmlPage refreshed = (HtmlPage) welcomed.refresh();
        assertThat(refreshed.getWebResponse().getWebRequest().getHttpMethod().name()).isEqualTo("GET");
        assertThat(refreshed.getElementById("welcome")).isNull();
        assertThat(users.count()).isEqualTo(before + 1);
    }

    @Test
    void aTakenEmailGetsTheSameWelcomeAndNothingSaysItIsTaken() throws Exception {
        Users users = new Users(shop.shop().database().jdbi());
        users.create("Alan", "alan@example.com");
        int before = users.count();
        HtmlPage form = open("/signup");
        form.getHtmlElementById("name").type("Alan Again");
        form.getHtmlElementById("email").type("alan@example.com");
        form.getHtmlElementById("password").type("turing-1912");
        HtmlPage answered = submit(form, 0);
        assertThat(answered.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(answered.getUrl().getPath()).isEqualTo("/signup");
        assertThat(answered.getHtmlElementById("welcome").asNormalizedText()).isEqualTo("Thanks, Alan Again! Log in as alan@example.com to continue.");
        assertThat(answered.getElementById("email-error")).isNull();
        assertThat(users.count()).isEqualTo(before);
    }

    @Test
    void todosAreAddedToggledAndDeleted() throws Exception {
        Todos todos = new Todos(shop.shop().database().jdbi());
        HtmlPage page = open("/todos");
        HtmlPage empty = submit(page, 0);
        assertThat(empty.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(empty.getHtmlElementById("title-error").asNormalizedText()).isEqualTo("Write something to do");

        empty.getHtmlElementById("todo-title").type("Buy milk");
        HtmlPage added = submit(empty, 0);
        assertThat(added.getUrl().getPath()).isEqualTo("/todos");
        assertThat(added.getHtmlElementById("todos").asNormalizedText()).contains("Buy milk");
        long id = todos.list().stream().filter(t -> t.title().equals("Buy milk")).findFirst().orElseThrow().id();

        HtmlPage toggled = submit(added, formIndexOf(added, "todo-" + id, 0));
        assertThat(todos.list().stream().filter(t -> t.id() == id).findFirst().orElseThrow().done()).isTrue();
        HtmlPage deleted = submit(toggled, formIndexOf(toggled, "todo-" + id, 1));
        assertThat(deleted.getElementById("todo-" + id)).isNull();
        assertThat(todos.list()).noneMatch(t -> t.id() == id);
    }

    @Test
    void aFieldTheFormHasNoPlaceForComesBackAsTheFormsMessage() throws Exception {
        int before = new Todos(shop.shop().database().jdbi()).list().size();
        HtmlPage page = open("/todos");
        HtmlForm form = page.getForms().get(0);
        org.htmlunit.html.DomElement extra = page.createElement("input");
        extra.setAttribute("name", "done");
        extra.setAttribute("value", "true");
        form.appendChild(extra);
        page.getHtmlElementById("todo-title").type("Buy bread");
        HtmlPage refused = submit(page, 0);
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(refused.getHtmlElementById("form-error").asNormalizedText()).isEqualTo("Unknown field 'done'");
        assertThat(refused.getHtmlElementById("todo-title").getAttribute("value")).isEqualTo("Buy bread");

        refused.getHtmlElementById("todo-title").setAttribute("value", "x".repeat(64 * 1024 + 1));
        HtmlPage tooLong = submit(refused, 0);
        assertThat(tooLong.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(tooLong.getHtmlElementById("form-error").asNormalizedText())
                .isEqualTo("Field 'title': text too long (max 65536 characters)");
        assertThat(tooLong.getHtmlElementById("title-error").asNormalizedText()).isEqualTo("Text too long (max 65536 characters)");
        assertThat(new Todos(shop.shop().database().jdbi()).list()).hasSize(before);
    }

    @Test
    void aTamperedFormIsRefusedWithAPageThatLinksBack() throws Exception {
        long id = new Todos(shop.shop().database().jdbi()).add("Tamper with me");
        HtmlPage page = open("/todos");
        HtmlForm toggle = page.getForms().get(formIndexOf(page, "todo-" + id, 0));
        org.htmlunit.html.HtmlInput bound = toggle.getInputByName("_bound");
        String value = bound.getValue();
        bound.setValue(value.substring(0, 20) + (value.charAt(20) == 'A' ? 'B' : 'A') + value.substring(21));
        HtmlPage refused = submit(page, formIndexOf(page, "todo-" + id, 0));
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.getWebResponse().getContentType()).isEqualTo("text/html");
        assertThat(refused.asNormalizedText()).contains("Your form was not sent").doesNotContain("problem", "{");
        HtmlPage back = refused.getAnchorByText("Back to the page").click();
        assertThat(back.getUrl().getPath()).isEqualTo("/todos");
        assertThat(new Todos(shop.shop().database().jdbi()).list().stream().filter(t -> t.id() == id).findFirst().orElseThrow().done())
                .isFalse();
    }

    private static int formIndexOf(HtmlPage page, String itemId, int nth) {
        List<HtmlForm> forms = page.getForms();
        HtmlForm wanted = page.getHtmlElementById(itemId).getByXPath(".//form").stream()
                .map(HtmlForm.class::cast).toList().get(nth);
        return forms.indexOf(wanted);
    }

    @Test
    void theUsersPageAddsAUserThroughItsActionForAnAdministrator() throws Exception {
        logIn(Members.admin(shop));
        HtmlPage page = open("/users");
        page.getHtmlElementById("action-name").type("Barbara");
        page.getHtmlElementById("action-email").type("barbara@example.com");
        HtmlPage after = submit(page, 0);
        assertThat(after.getUrl().getPath()).isEqualTo("/users");
        assertThat(after.getHtmlElementById("users").asNormalizedText()).contains("Barbara");
        assertThat(after.asNormalizedText()).as("the list is public: names only").doesNotContain("@example.com");
        assertThat(after.asNormalizedText()).contains("Added Barbara");
    }

    @Test
    void anImageUploadsThroughAnActionAndAnythingElseIsRefused() throws Exception {
        logIn(Members.customer(shop));
        java.nio.file.Path png = java.nio.file.Files.createTempFile("logo", ".png");
        java.nio.file.Files.write(png, UploadsApiTest.PNG);
        HtmlPage page = open("/upload");
        ((org.htmlunit.html.HtmlFileInput) page.getHtmlElementById("image")).setFiles(png.toFile());
        HtmlPage uploaded = submit(page, 0);
        assertThat(uploaded.getHtmlElementById("uploaded").asNormalizedText()).matches("Uploaded /uploads/[0-9a-f]{32}\\.png");
        String url = uploaded.getHtmlElementById("uploaded").asNormalizedText().substring("Uploaded ".length());
        assertThat(shop.client().get(url).bytes()).isEqualTo(UploadsApiTest.PNG);

        HtmlPage none = submit(open("/upload"), 0);
        assertThat(none.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(none.getHtmlElementById("image-error").asNormalizedText()).isEqualTo("Choose an image to upload");

        java.nio.file.Path text = java.nio.file.Files.createTempFile("notes", ".png");
        java.nio.file.Files.writeString(text, "not an image");
        HtmlPage again = open("/upload");
        ((org.htmlunit.html.HtmlFileInput) again.getHtmlElementById("image")).setFiles(text.toFile());
        HtmlPage refused = submit(again, 0);
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(422);
        assertThat(refused.getHtmlElementById("upload-error").asNormalizedText()).isEqualTo("Only PNG, JPEG, GIF or WebP images are accepted");
    }

    @Test
    void stylesheetsAreServedWithAHashedNameAndCachedForAYear() throws Exception {
        HtmlPage page = open("/posts");
        String href = ((org.htmlunit.html.HtmlLink) page.getFirstByXPath("//link[@rel='stylesheet']")).getHrefAttribute();
        assertThat(href).matches("/static/css/shop\\.[0-9a-f]{12}\\.css");
        var css = shop.client().get(href);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(shop.client().get("/static/css/shop.000000000000.css").header("Cache-Control")).isEqualTo("public, max-age=0, must-revalidate");
        assertThat(shop.client().get("/static/../pom.xml").status()).isIn(400, 404);
        assertThat(shop.client().get("/static/css/missing.css").status()).isEqualTo(404);
    }

    @Test
    void anUnknownPostIsAProper404Page() throws Exception {
        HtmlPage page = open("/posts/999999");
        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(404);
        assertThat(page.asNormalizedText()).contains("Post not found");
    }
}
