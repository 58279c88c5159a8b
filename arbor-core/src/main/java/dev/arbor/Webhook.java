package dev.arbor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Access policy for webhook receivers: anyone may deliver, and the route proves who sent it by verifying the
 * provider's signature over the raw body ({@link dev.arbor.security.Webhooks}). The route never reads the session cookie or a
 * bearer token: {@link Request#session()} is empty and {@link Request#identity()} is {@code null}, so a
 * cross-site post carrying a signed-in visitor's cookie runs as nobody. Routes only, and only for verbs that
 * take a body ({@code post}, {@code put}, {@code patch}, {@code delete}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Webhook {}
