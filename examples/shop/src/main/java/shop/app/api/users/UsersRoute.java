package shop.app.api.users;

import dev.arbor.HttpError;
import dev.arbor.Public;
import dev.arbor.Response;
import dev.arbor.RolesAllowed;
import dev.arbor.Route;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import shop.data.Accounts;
import shop.data.EventBus;
import shop.data.Users;

/**
 * {@code GET /api/users} lists users by name (public, so no e-mail addresses); {@code POST /api/users} creates one
 * for an administrator (201 with the whole user, or 409 if the e-mail is taken). Anyone else gets 401 or 403
 * before the body is read, so a stranger can neither create an account in someone's name nor learn from a 409
 * which addresses have one.
 */
@Route("/api/users")
@Public
public final class UsersRoute {
    /** The body of a sign-up through the API. */
    public record NewUser(@NotBlank @Size(max = 100) String name, @NotBlank @Email @Size(max = 254) String email) {}

    private final Users users;
    private final EventBus events;

    public UsersRoute(Users users, EventBus events) {
        this.users = users;
        this.events = events;
    }

    public List<Users.Member> get() {
        return users.list();
    }

    @RolesAllowed(Accounts.ADMIN)
    public Response post(NewUser body) {
        try {
            Users.User user = users.create(body.name(), body.email());
            events.publish("user.created", user.member()); // anyone may listen to /api/events
            return Response.json(user, 201).header("Location", "/api/users/" + user.id());
        } catch (Users.EmailTaken taken) {
            throw HttpError.conflict("A user with this email already exists");
        }
    }
}
