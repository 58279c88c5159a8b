package dev.arbor.it;

/**
 * A class no request may ever cause to be loaded: its name appears in hostile payloads, and its static
 * initializer leaves a mark a test can read without touching the class itself.
 */
public final class Canary {
    /** The system property the initializer sets. */
    public static final String MARK = "arbor.test.canary.initialized";

    static {
        System.setProperty(MARK, "true");
    }

    private Canary() {}
}
