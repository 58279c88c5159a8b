package shop.app;

import dev.arbor.Identity;
import dev.arbor.Request;
import shop.data.Carts;

/**
 * What the shop knows of who is asking: the cart id their session keeps, and the user they are signed in as.
 * Together they decide whose cart a page shows and which orders a visitor may see.
 */
public final class Visitor {
    private Visitor() {}

    /** The visitor's cart id, or {@code null} before they first put something in a cart. */
    public static String cartId(Request request) {
        return request.session().get(Carts.SESSION_KEY);
    }

    /** The visitor's cart id, made and kept in their session on first use. */
    public static String cartIdOrNew(Request request) {
        String id = cartId(request);
        if (id == null) {
            id = Carts.newId();
            request.session().put(Carts.SESSION_KEY, id);
        }
        return id;
    }

    /** The signed-in user's id, or {@code null} when nobody is signed in (or the identity is not a shop user). */
    public static Long userId(Request request) {
        Identity identity = request.identity();
        if (identity == null) {
            return null;
        }
        try {
            return Long.valueOf(identity.userId());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
