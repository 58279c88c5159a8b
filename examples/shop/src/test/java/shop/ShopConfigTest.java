package shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void anAdministratorNeedsBothSettingsAndAPasswordOfEightCharacters() {
        assertThatThrownBy(() -> from(Map.of("ADMIN_EMAIL", "root@example.com")))
                .hasMessage("ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither");
        assertThatThrownBy(() -> from(Map.of("ADMIN_PASSWORD", "a long password")))
                .hasMessage("ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither");
        assertThatThrownBy(() -> from(Map.of("ADMIN_EMAIL", "root@example.com", "ADMIN_PASSWORD", "short")))
                .hasMessage("ADMIN_PASSWORD must have at least 8 characters");
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
