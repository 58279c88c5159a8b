package dev.arbor.internal.action;

import java.time.Clock;
import java.util.List;

/** A ring of one key on the system clock, for tests that do not move time. */
public final class TestKeys {
    private TestKeys() {}

    public static Keys of(byte[] secret) {
        return new Keys(secret, List.of(), Keys.DEFAULT_BOUND_LIFETIME, Clock.systemUTC());
    }
}
