package dev.arbor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects an app hands to its routes' constructors: its repositories, clients and settings.
 * The app fills it in {@code main}; the generated route index asks it for each constructor parameter
 * by type, once, at start-up. No dependency-injection framework is involved.
 *
 * <pre>{@code
 * Services services = new Services().add(Posts.class, new Posts(jdbi)).add(Clock.class, Clock.systemUTC());
 * }</pre>
 */
public final class Services {
    private final Map<Class<?>, Object> byType = new LinkedHashMap<>();

    /** Registers {@code instance} as the one object of {@code type}; returns this registry. */
    public <T> Services add(Class<T> type, T instance) {
        if (instance == null) {
            throw new IllegalArgumentException("Services.add(" + type.getSimpleName() + ", null): register a real object");
        }
        if (byType.putIfAbsent(type, instance) != null) {
            throw new IllegalStateException(type.getName() + " is registered twice in Services");
        }
        return this;
    }

    /**
     * The one object of {@code type}, created by {@code create} the first time it is asked for. Generated
     * code uses it so that all actions of one {@link ServerActions} class share one instance.
     */
    public <T> T instance(Class<T> type, java.util.function.Supplier<T> create) {
        return type.cast(byType.computeIfAbsent(type, k -> create.get()));
    }

    /** The object registered for {@code type}; fails with a message naming the missing registration. */
    public <T> T get(Class<T> type) {
        Object instance = byType.get(type);
        if (instance == null) {
            throw new IllegalStateException("No " + type.getName() + " in Services: a route's constructor needs one; "
                    + "register it in main with services.add(" + type.getSimpleName() + ".class, …)");
        }
        return type.cast(instance);
    }
}
