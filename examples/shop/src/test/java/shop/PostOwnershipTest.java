package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Accounts;
import shop.data.Posts;

/**
 * A post belongs to its author: through {@code DELETE /api/posts/{id}} and through the edit and delete actions, a
 * stranger gets 401, another customer 403, and only the author or an administrator changes it.
 */
@Tag("db")
class PostOwnershipTest extends ShopTestSupport {
    private static Posts posts() {
        return new Posts(shop.shop().database().jdbi());
    }

    /** A post made through the API by whoever {@code authorization} names (none: an anonymous post). */
    private static long postBy(String... authorization) {
        TestResponse created = client.postJson("/api/posts", "{\"title\":\"Owned\",\"content\":\"Mine.\"}", authorization);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /**
     * Posts {@code visitor}'s own CSRF token with the action id and bound post id of a form that {@code path} showed
     * someone allowed to use it: the pages show strangers no such form, and the action must refuse them anyway.
     */
    private static TestResponse submitCopied(Visitor visitor, String path, ActionForm shown, String fields) {
        String csrf = ActionForm.of(visitor.get("/posts/new"), 0).csrf();
        return visitor.post(path, shown.with(shown.action(), csrf, shown.bound()).body(fields), "application/x-www-form-urlencoded");
    }

    private static String titleOf(long id) {
        return posts().find(id).orElseThrow().title();
    }

    @Test
    void theApiDeletesAPostForItsAuthorOrAnAdministratorOnly() {
        Accounts.Account author = Members.customer(shop);
        String authorKey = Members.bearer(shop, author);
        String otherKey = Members.bearer(shop, Members.customer(shop));
        String adminKey = Members.bearer(shop, Members.admin(shop));
        long id = postBy("Authorization", authorKey);

        TestResponse anonymous = client.delete("/api/posts/" + id);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
        TestResponse stranger = client.delete("/api/posts/" + id, "Authorization", otherKey);
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.json().get("detail").asText()).isEqualTo("Only its author or an administrator can change this post");
        assertThat(posts().find(id)).as("still there").isPresent();

        assertThat(client.delete("/api/posts/" + id, "Authorization", authorKey).status()).isEqualTo(200);
        assertThat(posts().find(id)).isEmpty();

        long another = postBy("Authorization", authorKey);
        assertThat(client.delete("/api/posts/" + another, "Authorization", adminKey).status()).isEqualTo(200);
        assertThat(posts().find(another)).isEmpty();
        assertThat(client.delete("/api/posts/" + another, "Authorization", adminKey).status()).isEqualTo(404);
    }

    @Test
    void aPostWithoutAnAuthorIsChangedByAdministratorsOnly() {
        long id = postBy();
        assertThat(posts().find(id).orElseThrow().authorId()).isNull();
        assertThat(client.delete("/api/posts/" + id, "Authorization", Members.bearer(shop, Members.customer(shop))).status())
                .isEqualTo(403);
        assertThat(client.delete("/api/posts/" + id, "Authorization", Members.bearer(shop, Members.admin(shop))).status())
                .isEqualTo(200);
    }

    @Test
    void theEditAndDeleteActionsRefuseStrangersAndOtherCustomersAndChangeNothing() {
        Accounts.Account author = Members.customer(shop);
        long id = postBy("Authorization", Members.bearer(shop, author));

        Visitor owner = Members.signedIn(shop, author);
        ActionForm editForm = ActionForm.of(owner.get("/posts/" + id + "/edit"), 0);
        ActionForm deleteForm = ActionForm.of(owner.get("/posts/" + id), 0);

        Visitor anonymous = Members.anonymous(shop);
        assertThat(submitCopied(anonymous, "/posts/" + id + "/edit", editForm, "title=Defaced&content=x").status()).isEqualTo(401);
        assertThat(submitCopied(anonymous, "/posts/" + id, deleteForm, "").status()).isEqualTo(401);

        Visitor other = Members.signedIn(shop, Members.customer(shop));
        TestResponse edit = submitCopied(other, "/posts/" + id + "/edit", editForm, "title=Defaced&content=x");
        assertThat(edit.status()).isEqualTo(403);
        assertThat(edit.body()).contains("Only its author or an administrator can change this post");
        assertThat(submitCopied(other, "/posts/" + id, deleteForm, "").status()).isEqualTo(403);
        assertThat(titleOf(id)).isEqualTo("Owned");

        TestResponse edited = owner.submit("/posts/" + id + "/edit", 0, "title=Edited&content=By+me");
        assertThat(edited.status()).isEqualTo(303);
        assertThat(titleOf(id)).isEqualTo("Edited");
        assertThat(owner.submit("/posts/" + id, 0, "").status()).isEqualTo(303);
        assertThat(posts().find(id)).isEmpty();
    }

    @Test
    void anAdministratorEditsAndDeletesAnyonesPostWithTheActions() {
        long id = postBy("Authorization", Members.bearer(shop, Members.customer(shop)));
        Visitor admin = Members.signedIn(shop, Members.admin(shop));
        assertThat(admin.submit("/posts/" + id + "/edit", 0, "title=Moderated&content=x").status()).isEqualTo(303);
        assertThat(titleOf(id)).isEqualTo("Moderated");
        assertThat(admin.submit("/posts/" + id, 0, "").status()).isEqualTo(303);
        assertThat(posts().find(id)).isEmpty();
    }

    @Test
    void thePagesOfferEditAndDeleteOnlyToThoseWhoMayUseThem() {
        Accounts.Account author = Members.customer(shop);
        long id = postBy("Authorization", Members.bearer(shop, author));
        String page = "/posts/" + id;

        Visitor anonymous = Members.anonymous(shop);
        assertThat(anonymous.get(page).body()).contains("id=\"post-title\"").doesNotContain("data-arbor-action", page + "/edit");
        TestResponse editAnonymously = anonymous.get(page + "/edit");
        assertThat(editAnonymously.status()).isEqualTo(303);
        assertThat(editAnonymously.header("Location")).isEqualTo("/login?next=" + page + "/edit");

        Visitor other = Members.signedIn(shop, Members.customer(shop));
        assertThat(other.get(page).body()).doesNotContain("data-arbor-action", page + "/edit");
        TestResponse editAsOther = other.get(page + "/edit");
        assertThat(editAsOther.status()).isEqualTo(403);
        assertThat(editAsOther.body()).contains("Only its author or an administrator can change this post");

        for (Visitor allowed : new Visitor[] {Members.signedIn(shop, author), Members.signedIn(shop, Members.admin(shop))}) {
            assertThat(allowed.get(page).body()).contains("data-arbor-action", page + "/edit");
            assertThat(allowed.get(page + "/edit").status()).isEqualTo(200);
        }
    }

    @Test
    void aSignedInAuthorIsRecordedOnANewPost() {
        Accounts.Account author = Members.customer(shop);
        long id = postBy("Authorization", Members.bearer(shop, author));
        assertThat(posts().find(id).orElseThrow().authorId()).isEqualTo(author.id());
    }
}
