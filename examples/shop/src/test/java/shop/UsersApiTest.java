package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.TestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import shop.data.Users;

@Tag("db")
class UsersApiTest extends ShopTestSupport {
    /** The headers of an administrator's API key: creating users is theirs. */
    private static String[] admin;

    @BeforeAll
    static void anAdministrator() {
        admin = new String[] {"Authorization", Members.bearer(shop, Members.admin(shop))};
    }

    private static int userCount() {
        return new Users(shop.shop().database().jdbi()).count();
    }

    private static void assertRefused(TestResponse response, int status, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText()).isEqualTo(detail);
        assertThat(response.body()).doesNotContain("Exception", "at shop.", "SQL");
    }

    @Test
    void onlyAnAdministratorCreatesUsersAndAStrangerLearnsNothingAboutAddresses() {
        new Users(shop.shop().database().jdbi()).create("Existing", "existing@example.com");
        int before = userCount();
        String victim = "{\"name\":\"Mallory\",\"email\":\"victim@example.com\"}";
        String existing = "{\"name\":\"Mallory\",\"email\":\"existing@example.com\"}";

        TestResponse anonymous = client.postJson("/api/users", victim);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
        TestResponse anonymousTaken = client.postJson("/api/users", existing);
        assertThat(anonymousTaken.status()).isEqualTo(401);
        assertThat(anonymousTaken.body()).as("the same answer whether the address is taken").isEqualTo(anonymous.body());

        String customer = Members.bearer(shop, Members.customer(shop));
        assertThat(client.postJson("/api/users", victim, "Authorization", customer).status()).isEqualTo(403);
        assertThat(client.postJson("/api/users", existing, "Authorization", customer).status()).isEqualTo(403);
        assertThat(userCount()).as("nothing created but the customer above").isEqualTo(before + 1);

        Visitor adminSession = Members.signedIn(shop, Members.admin(shop));
        TestResponse created = adminSession.post("/api/users", victim, "application/json");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(userCount()).as("the customer, the administrator and the new user").isEqualTo(before + 3);
    }

    @Test
    void theAddUserActionIsForAdministratorsOnly() {
        int before = userCount();
        String fields = "name=Mallory&email=someone%40example.com";
        assertThat(Members.anonymous(shop).submit("/users", 0, fields).status()).isEqualTo(401);
        assertThat(Members.signedIn(shop, Members.customer(shop)).submit("/users", 0, fields).status()).isEqualTo(403);
        assertThat(userCount()).as("only the customer made above").isEqualTo(before + 1);
        assertThat(Members.signedIn(shop, Members.admin(shop)).submit("/users", 0, fields).status()).isEqualTo(303);
        assertThat(userCount()).isEqualTo(before + 3);
    }

    @Test
    void createsAUserAndAnswers201WithIt() {
        var response = client.postJson("/api/users", "{\"name\":\"Ada Lovelace\",\"email\":\"Ada@Example.com\"}", admin);
        assertThat(response.status()).isEqualTo(201);
        long id = response.json().get("id").asLong();
        assertThat(response.header("Location")).isEqualTo("/api/users/" + id);
        assertThat(response.json().get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(response.json().get("email").asText()).isEqualTo("ada@example.com");
        assertThat(response.json().get("createdAt").asText()).isNotBlank();
        var list = client.get("/api/users").json();
        assertThat(list.findValuesAsText("name")).contains("Ada Lovelace");
        assertThat(list.findValues("email")).as("the list is public: no e-mail addresses").isEmpty();
    }

    @Test
    void aTakenEmailAnswers409WhateverItsCase() {
        assertThat(client.postJson("/api/users", "{\"name\":\"Alan\",\"email\":\"alan@example.com\"}", admin).status()).isEqualTo(201);
        int before = userCount();
        assertRefused(client.postJson("/api/users", "{\"name\":\"Alan Two\",\"email\":\"ALAN@example.com\"}", admin), 409,
                "A user with this email already exists");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void concurrentSignUpsWithOneEmailCreateExactlyOneUser() {
        List<CompletableFuture<TestResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(CompletableFuture.supplyAsync(() ->
                    client.postJson("/api/users", "{\"name\":\"Race\",\"email\":\"race@example.com\"}", admin)));
        }
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(TestResponse::status).toList();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(9);
    }

    @Test
    void invalidFieldsAnswer422AndCreateNothing() {
        int before = userCount();
        var response = client.postJson("/api/users", "{\"name\":\" \",\"email\":\"not an email\"}", admin);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").toString()).isEqualTo(
                "[{\"field\":\"email\",\"message\":\"must be a well-formed email address\"},"
                        + "{\"field\":\"name\",\"message\":\"must not be blank\"}]");
        assertRefused(client.postJson("/api/users", "{\"email\":\"x@example.com\"}", admin), 422, "The request has invalid fields");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void badBodiesAnswer4xxAndCreateNothing() {
        int before = userCount();
        assertRefused(client.postJson("/api/users", "{\"name\":\"Bob\",\"email\":", admin), 400, "Malformed JSON at line 1, column 23");
        assertRefused(client.postJson("/api/users", "{\"name\":42,\"email\":\"bob@example.com\"}", admin), 400, "Field 'name' must be a string");
        assertRefused(client.postJson("/api/users", "{\"name\":\"Bob\",\"email\":\"bob@example.com\",\"role\":\"admin\"}", admin), 400,
                "Unknown field 'role'");
        assertRefused(client.send("POST", "/api/users", "<user/>", "application/xml", admin), 415,
                "Unsupported Content-Type application/xml: send application/json or a form");
        var big = client.postJson("/api/users", "{\"name\":\"" + "b".repeat(2_000_000) + "\",\"email\":\"big@example.com\"}", admin);
        assertThat(big.status()).isEqualTo(413);
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void otherVerbsAnswer405WithAllow() {
        var response = client.delete("/api/users");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
    }
}
