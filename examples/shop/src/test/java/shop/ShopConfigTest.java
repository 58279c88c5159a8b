package shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.test.ActionForm;
import dev.arbor.test.TestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shop.data.Accounts;

class ShopConfigTest {
    @TempDir
    Path data;

    private ShopConfig from(Map<String, String> env) {
        var all = new java.util.HashMap<>(env);
        all.put("DATA_DIR", data.toString());
        return ShopConfig.from(all);
    }

    @Test
    void theFirstAdministratorComesFromTheEnvironmentOrNotAtAll() {
        ShopConfig none = from(Map.of());
        assertThat(none.adminEmail()).isNull();
        assertThat(none.adminPassword()).isNull();
        assertThat(from(Map.of("ADMIN_EMAIL", " ", "ADMIN_PASSWORD", "")).adminEmail()).isNull();

        ShopConfig admin = from(Map.of("ADMIN_EMAIL", "root@example.com", "ADMIN_PASSWORD", "a long password"));
        assertThat(admin.adminEmail()).isEqualTo("root@example.com");
        assertThat(admin.adminPassword()).isEqualTo("a long password");
        assertThat(admin.toString()).doesNotContain("a long password");
        assertThat(admin.withTemplateDirectory(data).adminEmail()).isEqualTo("root@example.com");
    }

    @Test
    void redisComesFromTheEnvironmentAndIsNeverPrinted() {
        assertThat(from(Map.of()).redisUrl()).isNull();
        ShopConfig shared = from(Map.of("REDIS_URL", "redis://:hunter2@cache.internal:6379/3"));
        assertThat(shared.redisUrl()).isEqualTo("redis://:hunter2@cache.internal:6379/3");
        assertThat(shared.toString()).doesNotContain("hunter2");
        assertThat(shared.withAdmin("root@example.com", "a long password").redisUrl()).isEqualTo(shared.redisUrl());
    }

    @Test
    void thePublicOriginAndTrustedProxiesComeFromTheEnvironment() {
        assertThat(from(Map.of()).origins()).isEmpty();
        ShopConfig behind = from(Map.of("ARBOR_ORIGIN", "https://shop.example.com, https://www.shop.example.com",
                "ARBOR_TRUSTED_PROXIES", "10.0.0.5,10.0.0.6 "));
        assertThat(behind.origins()).containsExactly("https://shop.example.com", "https://www.shop.example.com");
        assertThat(behind.trustedProxies()).containsExactly("10.0.0.5", "10.0.0.6");
        assertThat(behind.withAdmin("root@example.com", "a long password").origins()).isEqualTo(behind.origins());
    }

    @Test
    void withAConfiguredOriginAFormPostIsCheckedAgainstItNotAgainstTheRequestsHost() throws Exception {
        ShopConfig config = ShopConfig.of("127.0.0.1", 0, null, null, null, data)
                .withOrigins(java.util.List.of("https://shop.example.com"), java.util.List.of());
        try (Shop shop = Shop.start(config)) {
            TestClient client = new TestClient(shop.server().uri());
            ActionForm form = ActionForm.of(client.get("/todos"), 0);
            var fromItsOwnHost = form.submit(client, "/todos", "title=From+the+host", "Origin", shop.server().uri().toString()
                    .replaceAll("/$", ""));
            assertThat(fromItsOwnHost.status()).isEqualTo(403);
            var fromThePublicOrigin = form.submit(client, "/todos", "title=From+the+origin", "Origin", "https://shop.example.com");
            assertThat(fromThePublicOrigin.status()).isEqualTo(303);
            assertThat(new shop.data.Todos(shop.database().jdbi()).list()).extracting(t -> t.title())
                    .contains("From the origin").doesNotContain("From the host");
        }
    }

    @Test
    void anAdministratorNeedsBothSettingsAndAPasswordOfEightCharacters() {
        assertThatThrownBy(() -> from(Map.of("ADMIN_EMAIL", "root@example.com")))
                .hasMessage("ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither");
        assertThatThrownBy(() -> from(Map.of("ADMIN_PASSWORD", "a long password")))
                .hasMessage("ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither");
        assertThatThrownBy(() -> from(Map.of("ADMIN_EMAIL", "root@example.com", "ADMIN_PASSWORD", "short")))
                .hasMessage("ADMIN_PASSWORD must have at least 8 characters");
    }

    @Test
    void productionNeedsArborSecretAndNeverFallsBackToAGeneratedOne() {
        assertThatThrownBy(() -> from(Map.of("ARBOR_ENV", "production")))
                .hasMessage("ARBOR_ENV=production needs ARBOR_SECRET: at least 32 random characters, the same on every instance "
                        + "(generate one with: openssl rand -base64 48)");
        assertThat(Files.exists(data.resolve(".arbor-secret"))).isFalse();
        String secret = "x".repeat(64);
        ShopConfig production = from(Map.of("ARBOR_ENV", "production", "ARBOR_SECRET", secret));
        assertThat(production.production()).isTrue();
        assertThat(production.secrets().current()).isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
        assertThat(Files.exists(data.resolve(".arbor-secret"))).isFalse();
        assertThat(from(Map.of()).production()).isFalse();
        assertThat(from(Map.of("ARBOR_ENV", "development")).production()).isFalse();
    }

    @Test
    void aMisspeltEnvironmentOrDevModeInProductionIsRefused() {
        assertThatThrownBy(() -> from(Map.of("ARBOR_ENV", "prod", "ARBOR_SECRET", "x".repeat(64))))
                .hasMessage("ARBOR_ENV must be production or development (or unset), was 'prod'");
        assertThatThrownBy(() -> from(Map.of("ARBOR_ENV", "production", "ARBOR_SECRET", "x".repeat(64), "ARBOR_DEV", "1")))
                .hasMessageStartingWith("ARBOR_DEV=1 recompiles templates from source and is for development");
        assertThatThrownBy(() -> from(Map.of("ARBOR_SECRET", "too short")))
                .hasMessage("ARBOR_SECRET must have at least 32 characters");
    }

    @Test
    void aPreviousSecretComesWithTheInstantItStopsBeingAccepted() {
        String old = "o".repeat(40);
        ShopConfig rotating = from(Map.of("ARBOR_SECRET", "n".repeat(40), "ARBOR_PREVIOUS_SECRET", old,
                "ARBOR_PREVIOUS_SECRET_UNTIL", "2026-12-01T00:00:00Z"));
        assertThat(rotating.secrets().previous()).isEqualTo(old.getBytes(StandardCharsets.UTF_8));
        assertThat(rotating.secrets().previousUntil()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThatThrownBy(() -> from(Map.of("ARBOR_SECRET", "n".repeat(40), "ARBOR_PREVIOUS_SECRET", old)))
                .hasMessage("ARBOR_PREVIOUS_SECRET and ARBOR_PREVIOUS_SECRET_UNTIL go together: set both or neither");
        assertThatThrownBy(() -> from(Map.of("ARBOR_SECRET", "n".repeat(40), "ARBOR_PREVIOUS_SECRET", old,
                "ARBOR_PREVIOUS_SECRET_UNTIL", "next week")))
                .hasMessageStartingWith("ARBOR_PREVIOUS_SECRET_UNTIL must be an ISO-8601 instant");
    }

    @Test
    void aFormFromBeforeASecretRotationSubmitsWhileThePreviousSecretIsAcceptedAndNotAfter() throws Exception {
        ShopConfig config = ShopConfig.of("127.0.0.1", 0, null, null, null, data);
        ActionForm form;
        try (Shop shop = Shop.start(config)) {
            form = ActionForm.of(new TestClient(shop.server().uri()).get("/todos"), 0);
        }
        byte[] oldSecret = ShopConfig.storedSecret(data);
        byte[] newSecret = "a new secret of at least 32 characters".getBytes(StandardCharsets.UTF_8);
        var rotated = new ShopConfig.AppSecrets(newSecret, oldSecret, Instant.now().plus(Duration.ofDays(1)));
        try (Shop shop = Shop.start(config.withSecrets(rotated))) {
            TestClient client = new TestClient(shop.server().uri());
            assertThat(ActionForm.of(client.get("/todos"), 0).action()).isNotEqualTo(form.action());
            var response = form.submit(client, "/todos", "title=After+rotation");
            assertThat(response.status()).isEqualTo(303);
            assertThat(new shop.data.Todos(shop.database().jdbi()).list()).anyMatch(t -> t.title().equals("After rotation"));
        }
        try (Shop shop = Shop.start(config.withSecrets(new ShopConfig.AppSecrets(newSecret, null, null)))) {
            var response = form.submit(new TestClient(shop.server().uri()), "/todos", "title=After+retirement");
            assertThat(response.status()).as("the retired key's CSRF token").isEqualTo(403);
            assertThat(new shop.data.Todos(shop.database().jdbi()).list()).noneMatch(t -> t.title().equals("After retirement"));
        }
    }

    @Test
    void startingTheShopCreatesTheConfiguredAdministratorOnce() throws Exception {
        ShopConfig config = ShopConfig.of("127.0.0.1", 0, null, null, null, data).withAdmin("Root@Example.com", "root password");
        try (Shop shop = Shop.start(config)) {
            Accounts accounts = new Accounts(shop.database().jdbi());
            assertThat(accounts.findByEmail("root@example.com").orElseThrow().role()).isEqualTo("admin");
            assertThat(accounts.login("root@example.com", "root password")).isPresent();
        }
        try (Shop restarted = Shop.start(config.withAdmin("root@example.com", "another password"))) {
            Accounts accounts = new Accounts(restarted.database().jdbi());
            assertThat(accounts.list()).filteredOn(a -> a.role().equals("admin")).hasSize(1);
            assertThat(accounts.login("root@example.com", "root password")).as("the password is not reset at start").isPresent();
        }
        assertThat(Files.exists(data.resolve(".arbor-secret"))).isTrue();
    }
}
