/**
 * Arbor's framework. Apps write against {@code dev.arbor} (server, routes, pages, actions, access policies) and
 * {@code dev.arbor.security} (password hashing, rate limits, webhook signatures); the code the annotation processor
 * generates calls {@code dev.arbor.spi}. Everything under {@code dev.arbor.internal} stays inside the module.
 *
 * <p>Nothing here is opened: the libraries that reflect (Jackson, which binds and writes JSON, and Hibernate
 * Validator) reflect on an app's records and on the public records of {@code dev.arbor}, never on the framework's
 * internals. A modular app opens its own record packages to {@code com.fasterxml.jackson.databind} and
 * {@code org.hibernate.validator}.
 */
module dev.arbor {
    exports dev.arbor;
    exports dev.arbor.security;
    exports dev.arbor.spi;

    // Templates are jte's: Response.html and Forms take and give gg.jte.Content.
    requires transitive gg.jte.runtime;

    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires jakarta.validation;
    requires org.hibernate.validator;
    requires com.github.benmanes.caffeine;
    // RedisState and its subscription (an automatic module: Lettuce ships no descriptor).
    requires lettuce.core;
    // RedisState refuses to wait on one of Netty's event-loop threads, which it recognizes by their class.
    requires io.netty.common;
    requires org.bouncycastle.provider;
    requires org.slf4j;
    // An unreachable database is told apart from other failures by its SQLException (ServiceUnavailable).
    requires java.sql;
}
