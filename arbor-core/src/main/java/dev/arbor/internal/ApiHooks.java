package dev.arbor.internal;

import dev.arbor.ActionRef;
import dev.arbor.Services;
import dev.arbor.internal.state.SharedState;
import dev.arbor.security.RateLimits;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.function.Supplier;

/**
 * The framework's way to what the public packages keep out of their public surface. Each hook is set once, by
 * the class that owns it, when that class is initialized; the framework, and the generated code's entry points in
 * {@link dev.arbor.spi}, call through it. The module does not export this package, so an app cannot reach a
 * constructor or a server-side method that the public API does not offer it.
 */
public final class ApiHooks {
    /** Constructs an {@link ActionRef}, whose constructor is package-private. */
    @FunctionalInterface
    public interface ActionRefMaker {
        ActionRef make(String key, List<Class<?>> boundTypes);
    }

    /** Gives an app's {@link Services} the server's {@link RateLimits}, counting in a started server's state. */
    @FunctionalInterface
    public interface RateLimitsBinder {
        void bind(Services services, Supplier<SharedState> state);
    }

    private static volatile ActionRefMaker actionRefs;
    private static volatile RateLimitsBinder rateLimits;

    private ApiHooks() {}

    /** Called once, by {@link ActionRef} as it is initialized. */
    public static void setActionRefs(ActionRefMaker maker) {
        actionRefs = once(actionRefs, maker);
    }

    /** A new reference to the action named {@code key}. */
    public static ActionRef actionRef(String key, List<Class<?>> boundTypes) {
        if (actionRefs == null) {
            initialize(ActionRef.class);
        }
        return actionRefs.make(key, boundTypes);
    }

    /** Called once, by {@link RateLimits} as it is initialized. */
    public static void setRateLimitsBinder(RateLimitsBinder binder) {
        rateLimits = once(rateLimits, binder);
    }

    /**
     * Puts the server's {@link RateLimits} into {@code services} unless the app registered its own, and has them count
     * in {@code state}: called by each start, so limits made at start-up follow the server's next start.
     */
    public static void bindRateLimits(Services services, Supplier<SharedState> state) {
        if (rateLimits == null) {
            initialize(RateLimits.class);
        }
        rateLimits.bind(services, state);
    }

    private static <T> T once(T current, T hook) {
        if (current != null) {
            throw new IllegalStateException("set by its owner only, once");
        }
        return hook;
    }

    /** Runs {@code owner}'s static initializer, which sets its hook, if it has not run yet. */
    private static void initialize(Class<?> owner) {
        try {
            MethodHandles.lookup().ensureInitialized(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
