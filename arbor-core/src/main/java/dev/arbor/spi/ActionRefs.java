package dev.arbor.spi;

import dev.arbor.ActionRef;
import dev.arbor.internal.ApiHooks;
import java.util.List;

/**
 * Makes the typed action references the processor generates ({@code PostActions_.createPost}). For generated code;
 * apps do not call this: an {@link ActionRef} an app holds comes from a generated constant, and changes only by
 * {@link ActionRef#bind(Object...)}.
 */
public final class ActionRefs {
    private ActionRefs() {}

    /**
     * The reference to the action named {@code key}.
     *
     * @param key the action's identity, {@code package.Class#method(parameter types)}; the action id is derived
     *            from it and the app secret
     * @param boundTypes the types of the bound parameters, in order
     */
    public static ActionRef of(String key, List<Class<?>> boundTypes) {
        return ApiHooks.actionRef(key, boundTypes);
    }
}
