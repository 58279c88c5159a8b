package dev.arbor.it;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Forms;
import dev.arbor.Page;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.ServerActions;
import gg.jte.Content;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A page and actions for the framework's own action tests. */
public final class ActionsUnderTest {
    private ActionsUnderTest() {}

    /** Two calls of {@link Slow#meet} must be inside the action at the same time to pass the barrier. */
    public static final CyclicBarrier BARRIER = new CyclicBarrier(2);

    @Page("/meet")
    public static final class MeetPage {
        public Response get(Request request) {
            Content body = output -> output.writeContent("<button>Meet</button>");
            Content page = output -> {
                output.writeContent("<!doctype html><title>meet</title>");
                Forms.form(ActionsUnderTest_Slow_.meet, body).writeTo(output);
                output.writeContent(request.formState(ActionsUnderTest_Slow_.meet).message());
            };
            return Response.html(page);
        }
    }

    @ServerActions
    public static final class Slow {
        @Action
        public ActionResult meet(ActionContext ctx) throws InterruptedException {
            try {
                BARRIER.await(5, TimeUnit.SECONDS);
                return ActionResult.ok("met");
            } catch (BrokenBarrierException | TimeoutException e) {
                return ActionResult.error("alone");
            }
        }
    }
}
