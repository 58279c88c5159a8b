package dev.arbor.spi;

import dev.arbor.Authenticated;
import dev.arbor.BearerAuth;
import dev.arbor.Public;
import dev.arbor.RolesAllowed;
import dev.arbor.Webhook;
import java.util.Set;

/**
 * Who may call one action or one route verb, as its annotation declared it ({@link Public},
 * {@link Authenticated}, {@link RolesAllowed}, {@link BearerAuth}, {@link Webhook}). For generated code; apps
 * write the annotations: the annotation processor writes these into the generated definitions, and the framework
 * enforces them before any user code runs.
 *
 * @param kind which policy
 * @param roles for {@link Kind#ROLES}, the roles any one of which admits the caller; empty otherwise
 */
public record Access(Kind kind, Set<String> roles) {
    /** The policies. */
    public enum Kind {
        /** Anyone. */
        PUBLIC,
        /** A signed-in caller: session or bearer token. */
        AUTHENTICATED,
        /** A signed-in caller with one of the roles. */
        ROLES,
        /** A caller with a valid bearer token; the session cookie is never read. */
        BEARER,
        /** Anyone, proven by a signature the route verifies; neither the session cookie nor a bearer token is read. */
        WEBHOOK
    }

    public static final Access PUBLIC = new Access(Kind.PUBLIC, Set.of());
    public static final Access AUTHENTICATED = new Access(Kind.AUTHENTICATED, Set.of());
    public static final Access BEARER = new Access(Kind.BEARER, Set.of());
    public static final Access WEBHOOK = new Access(Kind.WEBHOOK, Set.of());

    public Access {
        roles = Set.copyOf(roles);
        if ((kind == Kind.ROLES) == roles.isEmpty()) {
            throw new IllegalArgumentException("roles are given for ROLES, and only for it");
        }
    }

    /** Admits a signed-in caller holding any one of {@code roles}. */
    public static Access rolesAllowed(String... roles) {
        return new Access(Kind.ROLES, Set.of(roles));
    }

    /** Whether the request's session cookie is read: not for bearer-token and webhook routes. */
    public boolean readsSession() {
        return kind != Kind.BEARER && kind != Kind.WEBHOOK;
    }
}
