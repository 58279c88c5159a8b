package dev.arbor.spi;

import dev.arbor.ActionContext;
import dev.arbor.ActionRef;
import dev.arbor.ActionResult;
import dev.arbor.Arbor;
import dev.arbor.Services;
import java.util.function.Function;

/**
 * One server action as the annotation processor describes it. For generated code; apps do not write these: they
 * pass the generated lists ({@code ShopApp_.ACTIONS}) to {@link Arbor.Builder#actions(java.util.Collection)}.
 *
 * @param ref the action's typed reference
 * @param handler the class and method, for logs
 * @param access who may call it, checked before anything of the action runs
 * @param maxBodySize the action's own request size limit in bytes, or {@code -1}
 * @param factory builds the actions object from the services and returns the action's invoker
 */
public record ActionDefinition(ActionRef ref, String handler, Access access, long maxBodySize, Function<Services, Invoker> factory) {
    public ActionDefinition {
        java.util.Objects.requireNonNull(access, "an action needs an access policy");
        if (!access.readsSession()) {
            // Actions are called by the app's own pages, with their session; bearer and webhook policies are for routes.
            throw new IllegalArgumentException(handler + ": an action's policy is PUBLIC, AUTHENTICATED or ROLES, not " + access.kind());
        }
    }

    /** Calls the action method with what the framework bound. */
    @FunctionalInterface
    public interface Invoker {
        ActionResult invoke(Call call) throws Exception;
    }

    /** What a generated invoker asks for: the bound form record, the context, the bound values. */
    public interface Call {
        <T> T form(Class<T> type);

        ActionContext context();

        <T> T bound(int index, Class<T> type);
    }
}
