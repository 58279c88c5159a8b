package shop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("db")
class ShopTest extends ShopTestSupport {
    @Test
    void theHomePageIndexesTheApi() {
        var home = client.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.header("Content-Type")).startsWith("text/html");
        assertThat(home.body()).contains("/api/products");
    }

    @Test
    void healthReportsTheDatabase() {
        var health = client.get("/api/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(health.json().get("database").asText()).isEqualTo("up");
    }

    @Test
    void unknownPathsAnswer404InTheRightFormat() {
        var page = client.get("/no/such/page");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        var api = client.get("/api/no/such/route");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void theDatabaseIsTheOneAskedFor() {
        boolean postgres = "postgres".equals(System.getProperty("shop.test.db", "h2"));
        assertThat(shop.shop().database().isPostgres()).isEqualTo(postgres);
    }
}
