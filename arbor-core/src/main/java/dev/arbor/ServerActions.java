package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@link Action} methods forms may call: Arbor's {@code 'use server'}. The annotation
 * processor writes {@code ClassName_} with one typed {@link ActionRef} per action, which templates use, so a
 * renamed or deleted action fails the build. Like a route, the class is built once from {@link Services}.
 *
 * <p>Every action is a public HTTP endpoint, so every one declares who may call it: {@link Public},
 * {@link Authenticated} or {@link RolesAllowed}, on the method or, as the default of all its actions, on this
 * class; without one the build fails. A page being protected does not protect the actions its forms call.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ServerActions {
}
