package shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("db")
class ProductsApiTest extends ShopTestSupport {
    @Test
    void theFirstPageHoldsTwentyOfTheThousandSeededProducts() {
        var page = client.get("/api/products").json();
        assertThat(page.get("items")).hasSize(20);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("total").asLong()).isEqualTo(1000);
        assertThat(page.get("totalPages").asLong()).isEqualTo(50);
        var first = page.get("items").get(0);
        assertThat(first.get("id").asLong()).isEqualTo(1);
        assertThat(first.get("name").asText()).isEqualTo("Linen Chair No. 1");
        assertThat(first.get("priceCents").asLong()).isEqualTo(637);
    }

    @Test
    void pagesFollowOneAnother() {
        var page = client.get("/api/products?page=2&size=10").json();
        assertThat(page.get("items").findValuesAsText("id")).containsExactly("11", "12", "13", "14", "15", "16", "17", "18", "19", "20");
        assertThat(client.get("/api/products?page=101&size=10").json().get("items")).isEmpty();
    }

    @Test
    void outOfRangeOrMalformedPagingAnswers400() {
        for (String query : new String[] {"page=0", "size=0", "size=101", "page=x", "size=1e3"}) {
            var response = client.get("/api/products?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        }
    }

    @Test
    void anUnchangedPageCostsA304() {
        var first = client.get("/api/products?page=3");
        assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=60");
        String etag = first.header("ETag");
        assertThat(etag).isNotNull();
        var again = client.get("/api/products?page=3", "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.bytes()).isEmpty();
        assertThat(client.get("/api/products?page=4", "If-None-Match", etag).status()).isEqualTo(200);
    }

    @Test
    void oneProductOrA404Problem() {
        var product = client.get("/api/products/7").json();
        assertThat(product.get("stock").asInt()).isZero();
        assertThat(product.get("name").asText()).isEqualTo("Slate Bowl No. 7");
        var missing = client.get("/api/products/5000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).isEqualTo("Product not found");
    }

    @Test
    void anyOriginMayReadTheCatalogueButNotWriteUsers() {
        var preflight = client.send("OPTIONS", "/api/products", HttpRequest.BodyPublishers.noBody(),
                "Origin", "https://mobile.example", "Access-Control-Request-Method", "GET");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://mobile.example");
        var refused = client.send("OPTIONS", "/api/users", HttpRequest.BodyPublishers.noBody(),
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theCataloguesOpenPolicyDoesNotReachTheAdministratorsImageUploadBelowIt() {
        var preflight = client.send("OPTIONS", "/api/products/1/image", HttpRequest.BodyPublishers.noBody(),
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.json().get("type").asText()).isEqualTo("/problems/cors");
        var product = client.send("OPTIONS", "/api/products/1", HttpRequest.BodyPublishers.noBody(),
                "Origin", "https://mobile.example", "Access-Control-Request-Method", "GET");
        assertThat(product.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://mobile.example");
        assertThat(product.headers().allValues("Vary")).containsExactly("Origin");
    }
}
