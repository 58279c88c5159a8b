package dev.arbor.bench.app;

import java.time.Instant;

/** Wall-clock microseconds, comparable between the server and the load client on the same machine. */
public final class Clock {
    private Clock() {}

    public static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
