package dev.arbor.it;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Forms;
import dev.arbor.Page;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.Route;
import dev.arbor.ServerActions;
import gg.jte.Content;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;

/**
 * One typed record reached three ways (a page action, a JSON route, a form route) and a cookie-authenticated
 * route, for the hostile-payload, limit and cross-origin tests. Every handler records into {@link Fixtures}, so a
 * test sees whether it ran.
 */
public final class HardeningUnderTest {
    private HardeningUnderTest() {}

    public record OrderForm(@NotBlank String item, @Min(1) @Max(9) int quantity, List<String> tags) {}

    @Page("/hardening/order")
    public static final class OrderPage {
        public Response get(Request request) {
            Content fields = output -> output.writeContent("<input name=\"item\"><input name=\"quantity\"><button>Order</button>");
            Content page = output -> {
                output.writeContent("<!doctype html><title>order</title>");
                Forms.form(HardeningUnderTest_Orders_.place, fields).writeTo(output);
                output.writeContent("<p id=\"message\">" + request.formState(HardeningUnderTest_Orders_.place).message() + "</p>");
            };
            return Response.html(page);
        }
    }

    @ServerActions
    @Public
    public static final class Orders {
        private final Fixtures fixtures;

        public Orders(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        @Action
        public ActionResult place(OrderForm form, ActionContext ctx) {
            fixtures.created.add(form);
            return ActionResult.ok("placed");
        }
    }

    /** The same record from a JSON or form body. */
    @Route("/hardening/orders")
    @Public
    public static final class OrderApi {
        private final Fixtures fixtures;

        public OrderApi(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response post(OrderForm body) {
            fixtures.created.add(body);
            return Response.json(Map.of("item", body.item())).withStatus(201);
        }
    }

    /** A state change authorized by the session cookie alone, the shape CSRF targets. */
    @Route("/hardening/account/theme")
    @Public
    public static final class Theme {
        private final Fixtures fixtures;

        public Theme(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Map<String, Object> post(Request request) {
            request.requireUser();
            fixtures.invocations.incrementAndGet();
            request.session().put("theme", "changed");
            return Map.of("theme", "changed");
        }
    }
}
