package shop.app.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.HttpError;
import dev.arbor.security.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(RateLimits.inMemory(clock));
    private final AtomicInteger checks = new AtomicInteger();

    private Optional<String> fail(String account, String address) {
        return throttle.attempt(account, address, () -> {
            checks.incrementAndGet();
            return Optional.empty();
        });
    }

    private Optional<String> succeed(String account, String address) {
        return throttle.attempt(account, address, () -> {
            checks.incrementAndGet();
            return Optional.of(account);
        });
    }

    @Test
    void theSixthAttemptAfterFiveFailuresFromOneAddressIsRefusedWithoutCheckingThePassword() {
        for (int i = 0; i < 5; i++) {
            fail("ada@example.com", "10.0.0.1");
        }
        clock.now = clock.now.plusSeconds(60);
        assertThatThrownBy(() -> succeed("ada@example.com", "10.0.0.1"))
                .isInstanceOfSatisfying(HttpError.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(14));
                });
        assertThat(checks).hasValue(5);
    }

    /**
     * Logins with the attacker's own accounts, started just before the address's window ends, succeed just
     * after it, where one wrong guess already counts: giving their slots back must not buy more guesses.
     */
    @Test
    void successesThatStraddleTheEndOfAWindowBuyNoGuessesInTheNext() {
        inFlight(5, "10.9.0.1");
        int guesses = 1; // the one made in the new window while the five were in flight
        try {
            for (int i = 0; i < 100; i++) {
                fail("victim" + i + "@example.com", "10.9.0.1");
                guesses++;
            }
        } catch (HttpError refused) {
            assertThat(refused.status()).isEqualTo(429);
        }
        assertThat(guesses).as("wrong passwords from one address in one window").isEqualTo(20);
    }

    /** {@code logins} successful logins in flight at once; the window ends, and a wrong guess lands, in the last. */
    private void inFlight(int logins, String address) {
        throttle.attempt("own" + logins + "@example.com", address, () -> {
            if (logins > 1) {
                inFlight(logins - 1, address);
            } else {
                clock.now = clock.now.plus(Duration.ofMinutes(15));
                fail("victim@example.com", address);
            }
            return Optional.of("own");
        });
    }

    @Test
    void guessingFromOneAddressNeverLocksTheOwnerOutFromAnother() {
        for (int i = 0; i < 5; i++) {
            fail("ada@example.com", "10.0.0.1");
        }
        // Refused guesses count nowhere: they cannot push the account towards its global limit.
        for (int i = 0; i < 200; i++) {
            assertThatThrownBy(() -> fail("ada@example.com", "10.0.0.1")).isInstanceOf(HttpError.class);
        }
        assertThat(succeed("ada@example.com", "192.0.2.7")).contains("ada@example.com");
        assertThat(checks).hasValue(6);
    }

    @Test
    void aHundredFailuresWithinAnHourFromAnyAddressesLimitTheAccountEverywhere() {
        for (int address = 0; address < 20; address++) {
            for (int i = 0; i < 5; i++) {
                fail("ada@example.com", "10.2.0." + address);
            }
            clock.now = clock.now.plusSeconds(60);
        }
        assertThatThrownBy(() -> succeed("ada@example.com", "192.0.2.7"))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(40)));
        assertThat(checks).hasValue(100);
        assertThat(succeed("grace@example.com", "192.0.2.7")).as("only that account").isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(40));
        assertThat(succeed("ada@example.com", "192.0.2.7")).isPresent();
    }

    @Test
    void twentyFailuresFromOneAddressRefuseItForEveryAccount() {
        for (int i = 0; i < 20; i++) {
            fail("user" + i + "@example.com", "10.0.0.1");
        }
        assertThatThrownBy(() -> succeed("other@example.com", "10.0.0.1")).isInstanceOf(HttpError.class);
        assertThat(succeed("other@example.com", "10.0.0.2")).contains("other@example.com");
        assertThat(checks).hasValue(21);
    }

    /** One customer line holds a whole /64: its addresses are one address to every limit. */
    @Test
    void addressesOfOneIpv6Slash64ShareTheirCounts() {
        for (int i = 1; i <= 20; i++) {
            fail("victim" + i + "@example.com", "2001:db8:7:7::" + Integer.toHexString(i));
        }
        assertThatThrownBy(() -> fail("victim21@example.com", "2001:db8:7:7:ffff::1"))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(429));
        for (int i = 1; i <= 4; i++) {
            fail("ada@example.com", "2001:db8:8:8::" + i);
        }
        fail("ada@example.com", "2001:db8:8:8:1::1");
        assertThatThrownBy(() -> succeed("ada@example.com", "2001:db8:8:8:2::1")).isInstanceOf(HttpError.class);
        assertThat(succeed("ada@example.com", "2001:db8:8:9::1")).as("another /64").contains("ada@example.com");
        assertThat(checks).hasValue(26);
    }

    @Test
    void attemptsAreAllowedAgainOnceTheWindowHasPassed() {
        for (int i = 0; i < 5; i++) {
            fail("ada@example.com", "10.0.0.1");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(15)).plusSeconds(1);
        assertThat(succeed("ada@example.com", "10.0.0.1")).isPresent();
    }

    @Test
    void aSuccessForgetsThePairsFailuresButNotTheAddresses() {
        for (int i = 0; i < 4; i++) {
            fail("ada@example.com", "10.0.0.1");
        }
        succeed("ada@example.com", "10.0.0.1");
        for (int i = 0; i < 5; i++) {
            fail("ada@example.com", "10.0.0.1");
        }
        assertThatThrownBy(() -> succeed("ada@example.com", "10.0.0.1")).isInstanceOf(HttpError.class);

        for (int i = 0; i < 19; i++) {
            fail("x" + i + "@example.com", "10.0.3.1");
        }
        succeed("grace@example.com", "10.0.3.1");
        fail("y@example.com", "10.0.3.1");
        assertThatThrownBy(() -> succeed("grace@example.com", "10.0.3.1")).as("one good account launders nothing")
                .isInstanceOf(HttpError.class);
    }

    @Test
    void anAttemptWhoseCheckFailsToAnswerCountsNowhere() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> throttle.attempt("ada@example.com", "10.0.0.1", () -> {
                throw new IllegalStateException("the database is unreachable");
            })).hasMessageContaining("unreachable");
        }
        for (int i = 0; i < 5; i++) {
            fail("ada@example.com", "10.0.0.1");
        }
        assertThat(checks).as("the outage used none of the five").hasValue(5);
    }

    @Test
    void aBurstOfParallelGuessesFromOneAddressGetsNoMoreThanFiveChecks() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String address = "10.1.0.1";
                calls.add(threads.submit(() -> {
                    go.await();
                    try {
                        throttle.attempt("ada@example.com", address, () -> {
                            checks.incrementAndGet();
                            Thread.onSpinWait();
                            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                            return Optional.empty();
                        });
                        return 422;
                    } catch (HttpError e) {
                        return e.status();
                    }
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> call : calls) {
                statuses.add(call.get());
            }
            assertThat(statuses).filteredOn(s -> s == 422).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(45);
        }
        assertThat(checks).hasValue(5);
    }
}
