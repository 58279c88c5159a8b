package dev.arbor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.ActionRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Definitions written by hand, not by the processor, cannot leave out or misplace a policy either. */
class AccessTest {
    private static final ActionRef REF = ActionRefs.of("shop.Actions#go()", List.of());

    @Test
    void aRolesPolicyNeedsARoleAndOnlyItTakesRoles() {
        assertThatThrownBy(Access::rolesAllowed).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Access(Access.Kind.PUBLIC, java.util.Set.of("admin"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Access.rolesAllowed("admin", "support").roles()).containsExactlyInAnyOrder("admin", "support");
    }

    @Test
    void onlyBearerAndWebhookPoliciesLeaveTheSessionUnread() {
        assertThat(Access.BEARER.readsSession()).isFalse();
        assertThat(Access.WEBHOOK.readsSession()).isFalse();
        assertThat(Access.PUBLIC.readsSession()).isTrue();
        assertThat(Access.AUTHENTICATED.readsSession()).isTrue();
        assertThat(Access.rolesAllowed("admin").readsSession()).isTrue();
    }

    @Test
    void anActionDefinitionRefusesNoPolicyAndRouteOnlyPolicies() {
        assertThatThrownBy(() -> new ActionDefinition(REF, "shop.Actions#go", null, -1, services -> call -> null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ActionDefinition(REF, "shop.Actions#go", Access.BEARER, -1, services -> call -> null))
                .hasMessageContaining("not BEARER");
        assertThat(new ActionDefinition(REF, "shop.Actions#go", Access.AUTHENTICATED, -1, services -> call -> null).access())
                .isEqualTo(Access.AUTHENTICATED);
    }

    @Test
    void aRouteDefinitionRefusesAVerbWithoutAPolicyAndHeadTakesGetsPolicy() {
        assertThatThrownBy(() -> new RouteDefinition(RouteDefinition.Kind.ROUTE, "/x", "shop.X", List.of("GET", "POST"), Map.of("GET", Access.PUBLIC),
                null, -1, 0, List.of(), services -> (method, request) -> null))
                .hasMessage("shop.X declares no access policy for POST");
        RouteDefinition route = new RouteDefinition(RouteDefinition.Kind.ROUTE, "/x", "shop.X", List.of("GET"), Map.of("GET", Access.BEARER),
                null, -1, 0, List.of(), services -> (method, request) -> null);
        assertThat(route.access("HEAD")).isEqualTo(Access.BEARER);
    }
}
