package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Access policy: anyone may call this action or route verb, signed in or not. Like every policy it goes on an
 * {@link Action} method or a route verb method, or on the {@link ServerActions} / {@link Route} class as the
 * default for all of them; a method's own policy wins over its class's. An action or verb without a policy
 * does not compile: every one of them is a public HTTP endpoint, and saying so must be a decision.
 *
 * <p>A public action can still check who calls it ({@code ctx.identity()}) for object-level rules.
 *
 * @see Authenticated
 * @see RolesAllowed
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Public {}
