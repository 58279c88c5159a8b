package dev.arbor.internal.bind;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Initializes the expensive singletons of the request path (Jackson's mappers, Hibernate Validator) on a
 * background thread as soon as an app starts configuring Arbor, so that this work overlaps with the app's own
 * start-up (opening its database, migrating it) instead of adding to it or to the first request. The
 * singletons are the ones requests use; nothing is built twice.
 */
public final class Warmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** A tiny record to validate, so the validator builds its metadata machinery now. */
    record Probe(@jakarta.validation.constraints.NotBlank String name) {}

    private Warmup() {}

    public static void inBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("arbor-warmup").start(() -> {
            try {
                Json.write(Map.of("warm", 1));
                Binder.json("{\"name\":\"warm\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Probe.class);
            } catch (RuntimeException ignored) {
                // Only a head start: whatever failed here will be done, and reported, by the first request.
            }
        });
    }
}
