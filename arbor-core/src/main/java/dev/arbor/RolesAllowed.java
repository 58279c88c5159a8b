package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Access policy: only a signed-in caller holding at least one of these roles may call this action or route
 * verb; nobody signed in gets 401, a caller without the role 403, before anything of it runs.
 *
 * <pre>{@code
 * @Route("/api/admin/users")
 * @RolesAllowed("admin")
 * public final class AdminUsersRoute { … }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RolesAllowed {
    /** The roles, any one of which admits the caller; at least one. */
    String[] value();
}
