package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the application's main class. The annotation processor then writes a class named after it with a
 * trailing underscore ({@code ShopApp_}) whose {@code ROUTES} list every {@link Route} of the compilation,
 * ready for {@link Arbor.Builder#routes(java.util.Collection)}. That list replaces classpath scanning.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ArborApp {
}
