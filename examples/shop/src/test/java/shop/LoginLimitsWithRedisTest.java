package shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.test.TestResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import shop.data.Accounts;

/**
 * The login limits of shops that share Redis ({@code REDIS_URL}): failures counted on one instance count on the
 * other, and a login that cannot reach Redis fails closed with 503. The Redis is the local one, shared with earlier
 * runs and other builds, so each test uses accounts and loopback addresses of its own making.
 */
class LoginLimitsWithRedisTest {
    static final String REDIS = System.getProperty("arbor.test.redis", "redis://127.0.0.1:6379/0");

    /** A shop on its own H2 database, sharing the Redis at {@code redisUrl}. */
    private record Running(Shop shop, Path data) implements AutoCloseable {
        static Running start(String redisUrl) throws Exception {
            Path data = Files.createTempDirectory("shop-redis-test-");
            return new Running(Shop.start(ShopConfig.of("127.0.0.1", 0, null, null, null, data).withRedis(redisUrl)), data);
        }

        void customer(String email, String password) {
            new Accounts(shop.database().jdbi()).create("Customer", email, password, Accounts.CUSTOMER);
        }

        Visitor visitor(String address) {
            return new Visitor(shop.server().uri(), address);
        }

        @Override
        public void close() throws Exception {
            shop.close();
            try (Stream<Path> all = Files.walk(data)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A loopback address (all of 127/8 reaches a server on 127.0.0.1) that no earlier run has counted. */
    private static String freshAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
    }

    private static String freshEmail() {
        return "redis-" + UUID.randomUUID() + "@example.com";
    }

    private static TestResponse logIn(Visitor visitor, String email, String password) {
        return visitor.submit("/login", 0, "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    @Test
    void failuresOnOneInstanceCountOnTheOtherAndTheOwnerStillSignsInFromElsewhere() throws Exception {
        String email = freshEmail();
        String guesserAddress = freshAddress();
        try (Running one = Running.start(REDIS); Running two = Running.start(REDIS)) {
            one.customer(email, "the owner's password");
            two.customer(email, "the owner's password");
            Visitor guesserOnOne = one.visitor(guesserAddress);
            Visitor guesserOnTwo = two.visitor(guesserAddress);
            for (int i = 1; i <= 3; i++) {
                assertThat(logIn(guesserOnOne, email, "guess " + i).status()).isEqualTo(422);
            }
            for (int i = 4; i <= 5; i++) {
                assertThat(logIn(guesserOnTwo, email, "guess " + i).status()).isEqualTo(422);
            }
            TestResponse sixth = logIn(guesserOnOne, email, "guess 6");
            assertThat(sixth.status()).as(sixth.toString()).isEqualTo(429);
            assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 15 * 60L);
            assertThat(logIn(guesserOnTwo, email, "the owner's password").status()).isEqualTo(429);
            assertThat(guesserOnTwo.get("/api/account").status()).isEqualTo(401);

            Visitor owner = two.visitor(freshAddress());
            assertThat(logIn(owner, email, "the owner's password").status()).isEqualTo(303);
            assertThat(owner.get("/api/account").status()).isEqualTo(200);
        }
    }

    @Test
    void aLoginThatCannotReachRedisAnswers503AndSignsNobodyIn() throws Exception {
        URI redis = URI.create(REDIS);
        String email = freshEmail();
        try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
             Running shop = Running.start("redis://127.0.0.1:" + proxy.port() + redis.getPath())) {
            shop.customer(email, "the owner's password");
            Visitor owner = shop.visitor(freshAddress());
            proxy.cut();
            TestResponse refused = logIn(owner, email, "the owner's password");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.body()).contains("temporarily unavailable").doesNotContain("Redis", "Exception", "127.0.0.1");
            assertThat(refused.setCookie("arbor_session")).isNull();

            proxy.restore();
            // The Redis client reconnects in the background, backing off up to 5 s; until it has, logins stay closed.
            TestResponse[] back = new TestResponse[1];
            org.awaitility.Awaitility.await("logins came back with Redis").atMost(java.time.Duration.ofSeconds(15))
                    .pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                        back[0] = logIn(owner, email, "the owner's password");
                        if (back[0].status() == 503) {
                            assertThat(back[0].setCookie("arbor_session")).as("a 503 signs nobody in").isNull();
                            return false;
                        }
                        return true;
                    });
            assertThat(back[0].status()).as(back[0].toString()).isEqualTo(303);
            assertThat(owner.get("/api/account").status()).isEqualTo(200);
        }
    }
}
