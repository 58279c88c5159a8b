package dev.arbor;

import java.util.Set;

/**
 * Who is calling: a signed-in user from the session, or the owner of a bearer token.
 *
 * @param userId the app's id for the user
 * @param roles the user's roles, such as {@code admin}
 */
public record Identity(String userId, Set<String> roles) {
    public Identity {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
