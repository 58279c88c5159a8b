package dev.arbor.it;

import dev.arbor.Action;
import dev.arbor.ActionContext;
import dev.arbor.ActionResult;
import dev.arbor.Authenticated;
import dev.arbor.Forms;
import dev.arbor.Page;
import dev.arbor.Public;
import dev.arbor.Request;
import dev.arbor.Response;
import dev.arbor.RolesAllowed;
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
    @Public
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

    private static Response page(String text, dev.arbor.ActionRef... actions) {
        Content page = output -> {
            output.writeContent("<!doctype html><title>t</title><p id=\"text\">" + text + "</p>");
            for (dev.arbor.ActionRef action : actions) {
                Forms.form(action, out -> out.writeContent("<button>go</button>")).writeTo(output);
            }
            Forms.scripts().writeTo(output);
        };
        return Response.html(page);
    }

    @Page(value = "/counter", revalidate = 60)
    public static final class CounterPage {
        private final Fixtures fixtures;

        public CounterPage(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response get(Request request) {
            return page("count=" + fixtures.invocations.get(), ActionsUnderTest_Counter_.bumpAndRevalidatePath,
                    ActionsUnderTest_Counter_.slowDown);
        }
    }

    @Page(value = "/tagged", revalidate = 60)
    public static final class TaggedPage {
        private final Fixtures fixtures;

        public TaggedPage(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response get(Request request) {
            int value = request.cache("count", java.util.List.of("counter"), () -> fixtures.invocations.get());
            return page("tagged=" + value, ActionsUnderTest_Counter_.bumpAndRevalidateTag);
        }
    }

    @Page(value = "/quick", revalidate = 1)
    public static final class QuickPage {
        private final Fixtures fixtures;

        public QuickPage(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        public Response get(Request request) {
            return page("quick=" + fixtures.invocations.get());
        }
    }

    @Page("/plain")
    public static final class PlainPage {
        public Response get() {
            return Response.html("<!doctype html><title>plain</title><p id=\"text\">No form, no script.</p>");
        }
    }

    @Page("/guarded/{what}")
    public static final class GuardedPage {
        public Response get(Request request) {
            return switch (request.pathParam("what")) {
                case "forbidden" -> throw dev.arbor.HttpError.forbidden("Members only");
                case "missing" -> throw dev.arbor.HttpError.notFound("Nothing <here>");
                case "moved" -> Response.redirect("/counter");
                case "broken" -> throw new IllegalStateException("secret: jdbc:h2:/var/db password=x");
                default -> page("ok");
            };
        }
    }

    /** A form whose action takes a bound value: what key rotation, expiry and version skew are tested with. */
    @Page("/notes/{id}")
    public static final class NotePage {
        public Response get(Request request) {
            long id = request.pathLong("id");
            Content page = output -> {
                output.writeContent("<!doctype html><title>note</title>");
                Forms.form(ActionsUnderTest_Notes_.touch.bind(id), out -> out.writeContent("<button>touch</button>")).writeTo(output);
                output.writeContent("<p id=\"flash\">" + Forms.flash() + "</p>");
            };
            return Response.html(page);
        }
    }

    /** A form whose action takes at most 256 bytes ({@code @Action(maxBodySize)}). */
    @Page("/short-notes")
    public static final class ShortNotePage {
        public Response get() {
            dev.arbor.FormState state = Forms.state(ActionsUnderTest_ShortNotes_.add);
            return Response.html((Content) output -> Forms.form(ActionsUnderTest_ShortNotes_.add, out -> out.writeContent(
                    "<p id=\"form-message\">" + state.message() + "</p><input name=\"text\"><span id=\"text-error\">"
                            + state.error("text") + "</span><button>add</button>")).writeTo(output));
        }
    }

    /** The body of a short note. */
    public record ShortNote(@jakarta.validation.constraints.NotBlank String text) {}

    @ServerActions
    @Public
    public static final class ShortNotes {
        private final Fixtures fixtures;

        public ShortNotes(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        @Action(maxBodySize = 256)
        public ActionResult add(ShortNote note) {
            fixtures.created.add("short " + note.text());
            return ActionResult.ok();
        }
    }

    @ServerActions
    @Public
    public static final class Notes {
        private final Fixtures fixtures;

        public Notes(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        @Action
        public ActionResult touch(long id, ActionContext ctx) {
            fixtures.created.add("touched " + id);
            return ActionResult.ok("touched " + id);
        }
    }

    @ServerActions
    @Public
    public static final class Counter {
        private final Fixtures fixtures;

        public Counter(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        @Action
        public ActionResult bumpAndRevalidatePath(ActionContext ctx) {
            fixtures.invocations.incrementAndGet();
            ctx.revalidatePath("/counter");
            return ActionResult.redirect("/counter");
        }

        @Action
        public ActionResult slowDown(ActionContext ctx) {
            throw dev.arbor.HttpError.tooManyRequests(java.time.Duration.ofSeconds(90));
        }

        @Action
        public ActionResult bumpAndRevalidateTag(ActionContext ctx) {
            fixtures.invocations.incrementAndGet();
            ctx.revalidateTag("counter");
            return ActionResult.redirect("/tagged");
        }
    }

    /** The members page: a form anyone may see, whose actions only members (and, to promote, admins) may call. */
    @Page("/members")
    public static final class MembersPage {
        public Response get(Request request) {
            return page("members", ActionsUnderTest_Members_.join, ActionsUnderTest_Members_.promote.bind(7L),
                    ActionsUnderTest_Members_.leave);
        }
    }

    /** A joining member's form; {@code age} must be a number, so a binder that ran would answer 422. */
    public record Joining(@jakarta.validation.constraints.NotBlank String name, int age) {}

    @ServerActions
    @Authenticated
    public static final class Members {
        private final Fixtures fixtures;

        public Members(Fixtures fixtures) {
            this.fixtures = fixtures;
        }

        @Action
        public ActionResult join(Joining form, ActionContext ctx) {
            fixtures.invocations.incrementAndGet();
            fixtures.created.add(form.name() + " by " + ctx.identity().userId());
            return ActionResult.ok("joined");
        }

        @Action
        @RolesAllowed("admin")
        public ActionResult promote(long userId, ActionContext ctx) {
            fixtures.invocations.incrementAndGet();
            fixtures.created.add("promoted " + userId);
            return ActionResult.ok("promoted");
        }

        @Action
        @Public
        public ActionResult leave(ActionContext ctx) {
            fixtures.invocations.incrementAndGet();
            return ActionResult.ok("left");
        }
    }
}
