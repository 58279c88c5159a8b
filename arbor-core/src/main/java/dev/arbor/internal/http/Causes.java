package dev.arbor.internal.http;

import java.util.function.Predicate;

/** Walks an exception's cause chain, bounded: a chain may loop. */
final class Causes {
    private static final int MAX_DEPTH = 32;

    private Causes() {}

    /** The first of {@code thrown} and its causes that {@code wanted} matches, or null. */
    static Throwable find(Throwable thrown, Predicate<Throwable> wanted) {
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (wanted.test(cause)) {
                return cause;
            }
        }
        return null;
    }
}
