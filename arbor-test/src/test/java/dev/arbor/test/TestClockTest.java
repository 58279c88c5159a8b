package dev.arbor.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestClockTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void itStandsStillUntilItIsAdvanced() {
        TestClock clock = new TestClock(START);
        long real = System.currentTimeMillis();
        await().until(() -> System.currentTimeMillis() > real); // real time moves; the test clock must not
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.advance(Duration.ofMinutes(15))).isEqualTo(START.plus(Duration.ofMinutes(15)));
        assertThat(clock.millis()).isEqualTo(START.plus(Duration.ofMinutes(15)).toEpochMilli());
    }

    @Test
    void advancesFromManyThreadsAllCount() throws Exception {
        TestClock clock = new TestClock(START);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int j = 0; j < 1_000; j++) {
                    clock.advance(Duration.ofMillis(1));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(clock.instant()).isEqualTo(START.plusMillis(8_000));
    }

    @Test
    void aZonedViewReadsTheSameMovingInstant() {
        TestClock clock = new TestClock(START);
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(clock.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
    }

    @Test
    void itStepsBackOnlyWhenSet() {
        TestClock clock = new TestClock(START);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        clock.set(START.minusSeconds(30));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(30));
    }
}
