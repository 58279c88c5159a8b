package dev.arbor.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbor.Action;
import dev.arbor.ActionRef;
import dev.arbor.Arbor;
import dev.arbor.Cors;
import dev.arbor.CorsPolicy;
import dev.arbor.Page;
import dev.arbor.Response;
import dev.arbor.RolesAllowed;
import dev.arbor.Route;
import dev.arbor.Services;
import dev.arbor.spi.Access;
import dev.arbor.spi.ActionDefinition;
import dev.arbor.spi.RouteDefinition;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the processor inside a real javac over in-memory sources. Those sources and the code the processor
 * generates compile against arbor-core itself (a test dependency, handed to javac from this test's class path),
 * and the generated classes are loaded beside it, so a test reads the real {@link RouteDefinition}s and
 * {@link ActionDefinition}s that an app would hand to {@link Arbor.Builder}.
 */
class ArborProcessorTest {
    /** This test's class path: arbor-core and what it depends on (jte, Jackson, Jetty…), as an app compiles against. */
    private static final List<Path> API_CLASS_PATH = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isBlank())
            .map(Path::of)
            .toList();

    @TempDir
    Path output;

    // ---- compiling ----

    private record Source(String qualifiedName, String code) {}

    private static Source source(String qualifiedName, String code) {
        return new Source(qualifiedName, code);
    }

    private record Compilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, String log,
                               Path classes, Path sources) {
        List<String> errors() {
            return diagnostics.stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(Locale.ROOT))
                    .toList();
        }

        boolean generated(String qualifiedName) {
            return Files.exists(sources.resolve(qualifiedName.replace('.', '/') + ".java"));
        }

        String generatedSource(String qualifiedName) throws IOException {
            return Files.readString(sources.resolve(qualifiedName.replace('.', '/') + ".java"));
        }
    }

    private Compilation compile(Source... sources) throws IOException {
        Path classes = Files.createDirectories(output.resolve("classes"));
        Path generated = Files.createDirectories(output.resolve("generated"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        List<JavaFileObject> units = new ArrayList<>();
        for (Source source : sources) {
            units.add(inMemory(source.qualifiedName(), source.code()));
        }
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, API_CLASS_PATH);
            JavaCompiler.CompilationTask task = compiler.getTask(log, files, diagnostics,
                    List.of("--release", "21", "-proc:full"), null, units);
            task.setProcessors(List.of(new ArborProcessor()));
            boolean success = task.call();
            return new Compilation(success, diagnostics.getDiagnostics(), log.toString(), classes, generated);
        }
    }

    private static JavaFileObject inMemory(String qualifiedName, String code) {
        URI uri = URI.create("string:///" + qualifiedName.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension);
        return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    private Compilation compileRoute(String qualifiedName, String code) throws IOException {
        return compile(source(qualifiedName, code));
    }

    /** Compiles a source that must fail, and checks that no companion was written for it. */
    private List<String> failingRoute(String qualifiedName, String code) throws IOException {
        Compilation compilation = compileRoute(qualifiedName, code);
        assertThat(compilation.success()).as("compilation succeeded").isFalse();
        assertThat(compilation.generated(qualifiedName + "_")).as("companion written").isFalse();
        return compilation.errors();
    }

    // ---- reading generated classes ----

    private static URLClassLoader loader(Compilation compilation) throws IOException {
        return new URLClassLoader(new URL[] {compilation.classes().toUri().toURL()},
                ArborProcessorTest.class.getClassLoader());
    }

    private static Object staticField(ClassLoader loader, String className, String field) throws Exception {
        return loader.loadClass(className).getField(field).get(null);
    }

    private static Object component(Object record, String name) throws Exception {
        Method accessor = record.getClass().getMethod(name);
        accessor.setAccessible(true);
        return accessor.invoke(record);
    }

    private static final String ITEMS_ROUTE = """
            package shop;

            import dev.arbor.Request;
            import dev.arbor.Response;
import dev.arbor.RolesAllowed;
import dev.arbor.Route;
            import dev.arbor.Route;

            @Route("/items/{id}")
            @dev.arbor.Public
            public final class ItemsRoute {
                public record Item(String name) {}

                public ItemsRoute() {}

                public Item get(Request request) { return new Item("lamp"); }

                public Response post(Request request, Item item) { return Response.json(item); }

                public void delete(Request request) {}

                public String describe() { return "not a verb"; }
            }
            """;

    // ---- valid routes ----

    @Test
    void aValidRouteCompilesWithoutErrors() throws IOException {
        Compilation compilation = compileRoute("shop.ItemsRoute", ITEMS_ROUTE);

        assertThat(compilation.errors()).isEmpty();
        assertThat(compilation.success()).as(compilation.log()).isTrue();
        assertThat(compilation.generated("shop.ItemsRoute_")).isTrue();
    }

    @Test
    void theCompanionDescribesThePathHandlerAndVerbsInDeclarationOrder() throws Exception {
        Compilation compilation = compileRoute("shop.ItemsRoute", ITEMS_ROUTE);

        try (URLClassLoader loader = loader(compilation)) {
            Object route = staticField(loader, "shop.ItemsRoute_", "ROUTE");
            assertThat(component(route, "kind")).isEqualTo(RouteDefinition.Kind.ROUTE);
            assertThat(component(route, "path")).isEqualTo("/items/{id}");
            assertThat(component(route, "handler")).isEqualTo("shop.ItemsRoute");
            assertThat(component(route, "methods")).isEqualTo(List.of("GET", "POST", "DELETE"));
            assertThat(component(route, "cors")).isNull();
            assertThat(component(route, "maxBodySize")).isEqualTo(-1L);
        }
    }

    @Test
    void theCompanionIsGeneratedCodeThatCannotBeConstructed() throws Exception {
        Compilation compilation = compileRoute("shop.ItemsRoute", ITEMS_ROUTE);

        String companion = compilation.generatedSource("shop.ItemsRoute_");
        assertThat(companion)
                .contains("@javax.annotation.processing.Generated(\"dev.arbor.processor.ArborProcessor\")")
                .contains("public final class ItemsRoute_")
                .contains("private ItemsRoute_() {}");
    }

    @Test
    void theGeneratedInvokerAnswersAVerbWhoseMethodReturnsARecordWithJson() throws Exception {
        Compilation compilation = compileRoute("shop.ItemsRoute", ITEMS_ROUTE);

        try (URLClassLoader loader = loader(compilation)) {
            Response response = invoke(loader, "shop.ItemsRoute_", "GET");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isInstanceOfSatisfying(Response.Body.Bytes.class, json -> {
                assertThat(json.contentType()).startsWith("application/json");
                assertThat(new String(json.data(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"lamp\"}");
            });
        }
    }

    @Test
    void theGeneratedInvokerAnswersAVoidVerbMethodWithNoContent() throws Exception {
        Compilation compilation = compileRoute("shop.ItemsRoute", ITEMS_ROUTE);

        try (URLClassLoader loader = loader(compilation)) {
            Response response = invoke(loader, "shop.ItemsRoute_", "DELETE");
            assertThat(response.status()).isEqualTo(204);
            assertThat(response.body()).isInstanceOf(Response.Body.Empty.class);
        }
    }

    @Test
    void theGeneratedInvokerAnswersAVerbTheClassLacksWithNull() throws Exception {
        Compilation compilation = compileRoute("shop.ItemsRoute", ITEMS_ROUTE);

        try (URLClassLoader loader = loader(compilation)) {
            assertThat(invoke(loader, "shop.ItemsRoute_", "PATCH")).isNull();
        }
    }

    @Test
    void theGeneratedInvokerBindsTheBodyRecordThroughTheRequest() throws Exception {
        Compilation compilation = compileRoute("shop.ItemsRoute", ITEMS_ROUTE);

        assertThat(compilation.generatedSource("shop.ItemsRoute_"))
                .contains("route.post(request, request.body(shop.ItemsRoute.Item.class))");
    }

    /** Builds the route through the companion's factory and calls its invoker with {@code method}. */
    private static Response invoke(ClassLoader loader, String companion, String method) throws Exception {
        RouteDefinition route = (RouteDefinition) staticField(loader, companion, "ROUTE");
        return route.factory().apply(new Services()).invoke(method, null);
    }

    @Test
    void constructorParametersAreAskedOfTheServicesByType() throws Exception {
        Compilation compilation = compileRoute("shop.ClockRoute", """
                package shop;
                @dev.arbor.Route("/time")
                @dev.arbor.Public
                public class ClockRoute {
                    private final java.time.Clock clock;
                    public ClockRoute(java.time.Clock clock, java.util.List<String> names) { this.clock = clock; }
                    public String get() { return clock.instant().toString(); }
                }
                """);

        assertThat(compilation.errors()).isEmpty();
        assertThat(compilation.generatedSource("shop.ClockRoute_"))
                .contains("new shop.ClockRoute(services.get(java.time.Clock.class), services.get(java.util.List.class))");
    }

    @Test
    void theBodySizeLimitOfTheRouteIsCarriedIntoTheDefinition() throws Exception {
        Compilation compilation = compileRoute("shop.UploadRoute", """
                package shop;
                @dev.arbor.Route(value = "/uploads", maxBodySize = 10485760)
                @dev.arbor.Public
                public class UploadRoute {
                    public void post(dev.arbor.Request request) {}
                }
                """);

        try (URLClassLoader loader = loader(compilation)) {
            Object route = staticField(loader, "shop.UploadRoute_", "ROUTE");
            assertThat(component(route, "maxBodySize")).isEqualTo(10_485_760L);
            assertThat(component(route, "methods")).isEqualTo(List.of("POST"));
        }
    }

    @Test
    void aCorsAnnotationBecomesTheRoutePolicy() throws Exception {
        Compilation compilation = compileRoute("shop.PublicRoute", """
                package shop;
                @dev.arbor.Route("/public")
                @dev.arbor.Public
                @dev.arbor.Cors(origins = "https://app.example", headers = {"Authorization", "X-Trace"}, credentials = true)
                public class PublicRoute {
                    public String get() { return "hi"; }
                }
                """);

        try (URLClassLoader loader = loader(compilation)) {
            Object cors = component(staticField(loader, "shop.PublicRoute_", "ROUTE"), "cors");
            assertThat(component(cors, "origins")).isEqualTo(List.of("https://app.example"));
            assertThat(component(cors, "methods")).isEqualTo(List.of());
            assertThat(component(cors, "headers")).isEqualTo(List.of("Authorization", "X-Trace"));
            assertThat(component(cors, "exposeHeaders")).isEqualTo(List.of());
            assertThat(component(cors, "credentials")).isEqualTo(true);
            assertThat(component(cors, "maxAgeSeconds")).isEqualTo(600L);
        }
    }

    @Test
    void aStaticNestedRouteClassGetsACompanionNamedAfterItsEnclosingClasses() throws Exception {
        Compilation compilation = compileRoute("shop.Api", """
                package shop;
                public class Api {
                    @dev.arbor.Route("/api/ping")
                    @dev.arbor.Public
                    public static class Ping {
                        public String get() { return "pong"; }
                    }
                }
                """);

        try (URLClassLoader loader = loader(compilation)) {
            Object route = staticField(loader, "shop.Api_Ping_", "ROUTE");
            assertThat(component(route, "handler")).isEqualTo("shop.Api.Ping");
        }
    }

    // ---- the app index ----

    @Test
    void theArborAppClassGetsAnIndexListingEveryRoute() throws Exception {
        Compilation compilation = compile(
                source("shop.ShopApp", """
                        package shop;
                        @dev.arbor.ArborApp
                        public class ShopApp {}
                        """),
                source("shop.HomeRoute", """
                        package shop;
                        @dev.arbor.Route("/")
                        @dev.arbor.Public
                        public class HomeRoute { public String get() { return "home"; } }
                        """),
                source("shop.api.StatusRoute", """
                        package shop.api;
                        @dev.arbor.Route("/api/status")
                        @dev.arbor.Public
                        public class StatusRoute { public String get() { return "ok"; } }
                        """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation)) {
            List<?> routes = (List<?>) staticField(loader, "shop.ShopApp_", "ROUTES");
            List<Object> paths = new ArrayList<>();
            for (Object route : routes) {
                paths.add(component(route, "path"));
            }
            assertThat(paths).containsExactlyInAnyOrder("/", "/api/status");
        }
    }

    @Test
    void anArborAppWithoutRoutesGetsAnEmptyIndex() throws Exception {
        Compilation compilation = compile(source("shop.EmptyApp", """
                package shop;
                @dev.arbor.ArborApp
                public class EmptyApp {}
                """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation)) {
            assertThat((List<?>) staticField(loader, "shop.EmptyApp_", "ROUTES")).isEmpty();
        }
    }

    // ---- mistakes in route classes ----

    @Test
    void routeOnAnInterfaceFailsSayingItGoesOnAClass() throws IOException {
        List<String> errors = failingRoute("shop.Contract", """
                package shop;
                @dev.arbor.Route("/contract")
                @dev.arbor.Public
                public interface Contract { String get(); }
                """);

        assertThat(errors).singleElement().asString().isEqualTo("@Route goes on a class, not on an interface");
    }

    @Test
    void aRouteClassThatIsNotPublicFails() throws IOException {
        List<String> errors = failingRoute("shop.HiddenRoute", """
                package shop;
                @dev.arbor.Route("/hidden")
                @dev.arbor.Public
                class HiddenRoute { public String get() { return "x"; } }
                """);

        assertThat(errors).singleElement().asString().contains("must be public and concrete");
    }

    @Test
    void anAbstractRouteClassFails() throws IOException {
        List<String> errors = failingRoute("shop.BaseRoute", """
                package shop;
                @dev.arbor.Route("/base")
                @dev.arbor.Public
                public abstract class BaseRoute { public String get() { return "x"; } }
                """);

        assertThat(errors).singleElement().asString().contains("must be public and concrete");
    }

    @Test
    void anInnerRouteClassThatIsNotStaticFails() throws IOException {
        Compilation compilation = compileRoute("shop.Outer", """
                package shop;
                public class Outer {
                    @dev.arbor.Route("/inner")
                    @dev.arbor.Public
                    public class Inner { public String get() { return "x"; } }
                }
                """);

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.errors()).singleElement().asString().contains("a nested @Route class must be static");
        assertThat(compilation.generated("shop.Outer_Inner_")).isFalse();
    }

    @Test
    void aRouteWithoutAnyVerbMethodFails() throws IOException {
        List<String> errors = failingRoute("shop.SilentRoute", """
                package shop;
                @dev.arbor.Route("/silent")
                @dev.arbor.Public
                public class SilentRoute {
                    public String fetch() { return "x"; }
                    public static String get() { return "static methods are not verbs"; }
                }
                """);

        assertThat(errors).singleElement().asString()
                .contains("answers at least one of get, post, put, patch, delete")
                .contains("public Response get(Request request)");
    }

    @Test
    void aVerbMethodThatIsNotPublicFails() throws IOException {
        List<String> errors = failingRoute("shop.ShyRoute", """
                package shop;
                @dev.arbor.Route("/shy")
                @dev.arbor.Public
                public class ShyRoute {
                    String get(dev.arbor.Request request) { return "x"; }
                }
                """);

        assertThat(errors).singleElement().asString().isEqualTo("the verb method get() must be public to answer requests");
    }

    @Test
    void aVerbMethodErrorPointsAtTheRouteSource() throws IOException {
        Compilation compilation = compileRoute("shop.ShyRoute", """
                package shop;
                @dev.arbor.Route("/shy")
                @dev.arbor.Public
                public class ShyRoute {
                    String get(dev.arbor.Request request) { return "x"; }
                }
                """);

        Diagnostic<? extends JavaFileObject> error = compilation.diagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).findFirst().orElseThrow();
        assertThat(error.getSource().getName()).endsWith("shop/ShyRoute.java");
        assertThat(error.getLineNumber()).isEqualTo(5);
    }

    @Test
    void getWithABodyRecordFails() throws IOException {
        List<String> errors = failingRoute("shop.SearchRoute", """
                package shop;
                @dev.arbor.Route("/search")
                @dev.arbor.Public
                public class SearchRoute {
                    public record Query(String text) {}
                    public String get(Query body) { return body.text(); }
                }
                """);

        assertThat(errors).singleElement().asString().startsWith("get() cannot bind a body");
    }

    @Test
    void aVerbMethodWithAnIntParameterFails() throws IOException {
        List<String> errors = failingRoute("shop.CountRoute", """
                package shop;
                @dev.arbor.Route("/count")
                @dev.arbor.Public
                public class CountRoute {
                    public void post(int count) {}
                }
                """);

        assertThat(errors).singleElement().asString()
                .contains("a verb method takes a Request and/or one record bound from the body")
                .contains("count is a int");
    }

    @Test
    void aVerbMethodWithAClassParameterThatIsNotARecordFails() throws IOException {
        List<String> errors = failingRoute("shop.MapRoute", """
                package shop;
                @dev.arbor.Route("/map")
                @dev.arbor.Public
                public class MapRoute {
                    public void post(java.util.Map<String, String> fields) {}
                }
                """);

        assertThat(errors).singleElement().asString().contains("fields is a java.util.Map<java.lang.String,java.lang.String>");
    }

    @Test
    void aVerbMethodWithTwoRequestsFails() throws IOException {
        List<String> errors = failingRoute("shop.TwiceRoute", """
                package shop;
                @dev.arbor.Route("/twice")
                @dev.arbor.Public
                public class TwiceRoute {
                    public void post(dev.arbor.Request a, dev.arbor.Request b) {}
                }
                """);

        assertThat(errors).singleElement().asString().isEqualTo("a verb method takes at most one Request and one body record");
    }

    @Test
    void twoMethodsForTheSameVerbFail() throws IOException {
        List<String> errors = failingRoute("shop.OverloadedRoute", """
                package shop;
                @dev.arbor.Route("/overloaded")
                @dev.arbor.Public
                public class OverloadedRoute {
                    public String get() { return "a"; }
                    public String get(dev.arbor.Request request) { return "b"; }
                }
                """);

        assertThat(errors).singleElement().asString().isEqualTo("only one get() method per route class");
    }

    @Test
    void twoPublicConstructorsFail() throws IOException {
        List<String> errors = failingRoute("shop.AmbiguousRoute", """
                package shop;
                @dev.arbor.Route("/ambiguous")
                @dev.arbor.Public
                public class AmbiguousRoute {
                    public AmbiguousRoute() {}
                    public AmbiguousRoute(String name) {}
                    public String get() { return "x"; }
                }
                """);

        assertThat(errors).singleElement().asString().startsWith("a @Route, @Page or @ServerActions class needs exactly one public constructor");
    }

    @Test
    void aRouteWithoutAPublicConstructorFails() throws IOException {
        List<String> errors = failingRoute("shop.PrivateRoute", """
                package shop;
                @dev.arbor.Route("/private")
                @dev.arbor.Public
                public class PrivateRoute {
                    private PrivateRoute() {}
                    public String get() { return "x"; }
                }
                """);

        assertThat(errors).singleElement().asString().startsWith("a @Route, @Page or @ServerActions class needs exactly one public constructor");
    }

    static Stream<Arguments> malformedPaths() {
        return Stream.of(
                Arguments.of("items", "a route path starts with '/'"),
                Arguments.of("/items/", "leave out the trailing '/'"),
                Arguments.of("/a//b", "empty segment ('//')"),
                Arguments.of("/a/{x...}/b", "a catch-all '{x...}' must be the last segment"),
                Arguments.of("/a/id-{id}", "a parameter takes a whole segment"),
                Arguments.of("/a/{1x}", "parameter name '1x' must be a Java identifier"),
                Arguments.of("/a/{x", "a parameter segment is '{name}' or, last, '{name...}'"),
                Arguments.of("/a/{}", "a parameter segment is '{name}' or, last, '{name...}'"),
                Arguments.of("/a/{...}", "parameter name '' must be a Java identifier"),
                Arguments.of("/a/{x}/{x}", "parameter 'x' appears twice; give each segment its own name"));
    }

    @ParameterizedTest(name = "@Route(\"{0}\")")
    @MethodSource("malformedPaths")
    void aMalformedPathFailsTheBuildNamingThePathAndTheProblem(String path, String problem) throws IOException {
        List<String> errors = failingRoute("shop.BadPathRoute", """
                package shop;
                @dev.arbor.Route("%s")
                @dev.arbor.Public
                public class BadPathRoute { public String get() { return "x"; } }
                """.formatted(path));

        assertThat(errors).singleElement().asString()
                .startsWith("@Route(\"" + path + "\"): ")
                .contains(problem);
    }

    @ParameterizedTest(name = "checkPath(\"{0}\")")
    @MethodSource("malformedPaths")
    void checkPathExplainsWhatIsWrongWithAMalformedPath(String path, String problem) {
        assertThat(ArborProcessor.checkPath(path)).contains(problem);
    }

    @ParameterizedTest(name = "checkPath(\"{0}\")")
    @ValueSource(strings = {"/", "/items", "/items/{id}", "/files/{path...}", "/users/{user}/posts/{post}",
            "/a-b/c.d/_e", "/repos/{owner}/{rest...}"})
    void checkPathAcceptsAWellFormedPath(String path) {
        assertThat(ArborProcessor.checkPath(path)).isNull();
    }

    @Test
    void checkPathRefusesAnEmptyPath() {
        assertThat(ArborProcessor.checkPath("")).isEqualTo("a route path starts with '/'");
    }

    // ---- access policies (deny by default) ----

    private static final String ACTIONS_HEADER = """
            package shop;
            import dev.arbor.*;
            """;

    private static Diagnostic<? extends JavaFileObject> firstError(Compilation compilation) {
        return compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).findFirst().orElseThrow();
    }

    @Test
    void anActionWithoutAnAccessPolicyFailsTheBuildOnThatMethodNamingTheThreeAnnotations() throws IOException {
        Compilation compilation = compile(source("shop.CartActions", ACTIONS_HEADER + """
                @ServerActions
                public class CartActions {
                    public CartActions() {}
                    @Action @Public public ActionResult add(long productId, ActionContext ctx) { return null; }
                    @Action
                    public ActionResult empty(ActionContext ctx) { return null; }
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.generated("shop.CartActions_")).isFalse();
        assertThat(compilation.errors()).singleElement().asString()
                .startsWith("@Action empty has no access policy, and every action is a public HTTP endpoint")
                .contains("@Public, @Authenticated or @RolesAllowed(\"role\")");
        assertThat(firstError(compilation).getLineNumber()).isEqualTo(8);
    }

    @Test
    void aServerActionsClassPolicyIsEveryActionsDefaultAndAMethodsOwnPolicyWins() throws Exception {
        Compilation compilation = compile(source("shop.AccountActions", ACTIONS_HEADER + """
                @ServerActions
                @Authenticated
                public class AccountActions {
                    public AccountActions() {}
                    @Action public ActionResult rename(ActionContext ctx) { return null; }
                    @Action @RolesAllowed({"admin", "support"}) public ActionResult ban(long userId) { return null; }
                    @Action @Public public ActionResult logout(ActionContext ctx) { return null; }
                }
                """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation)) {
            Map<Object, Object> access = new java.util.HashMap<>();
            for (Object action : (List<?>) staticField(loader, "shop.AccountActions_", "ACTIONS")) {
                Object policy = component(action, "access");
                access.put(component(action, "handler"), component(policy, "kind") + " " + new java.util.TreeSet<>((java.util.Set<?>) component(policy, "roles")));
            }
            assertThat(access).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "shop.AccountActions#rename", "AUTHENTICATED []",
                    "shop.AccountActions#ban", "ROLES [admin, support]",
                    "shop.AccountActions#logout", "PUBLIC []"));
        }
    }

    @Test
    void aRouteVerbWithoutAnAccessPolicyFailsTheBuildOnThatVerb() throws IOException {
        Compilation compilation = compile(source("shop.OrdersRoute", ACTIONS_HEADER + """
                @Route("/orders")
                public class OrdersRoute {
                    @Public public String get() { return "list"; }
                    public void post(Request request) {}
                    public void delete(Request request) {}
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.generated("shop.OrdersRoute_")).isFalse();
        assertThat(compilation.errors()).hasSize(2).allSatisfy(error -> assertThat(error)
                .contains("has no access policy, and every route verb is a public HTTP endpoint")
                .contains("@Public, @Authenticated, @RolesAllowed(\"role\"), @BearerAuth or @Webhook"));
        assertThat(compilation.errors().get(0)).startsWith("post()");
        assertThat(compilation.errors().get(1)).startsWith("delete()");
    }

    @Test
    void aRouteClassPolicyIsEveryVerbsDefaultAndAVerbsOwnPolicyWins() throws Exception {
        Compilation compilation = compile(source("shop.ApiRoute", ACTIONS_HEADER + """
                @Route("/api/things")
                @BearerAuth
                public class ApiRoute {
                    @Public public String get() { return "list"; }
                    public void post(Request request) {}
                    @RolesAllowed("admin") public void delete(Request request) {}
                }
                """), source("shop.HookRoute", ACTIONS_HEADER + """
                @Route("/api/hook")
                public class HookRoute {
                    @Webhook public void post(Request request) {}
                }
                """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation)) {
            Map<?, ?> access = (Map<?, ?>) component(staticField(loader, "shop.ApiRoute_", "ROUTE"), "access");
            assertThat(component(access.get("GET"), "kind")).isEqualTo(Access.Kind.PUBLIC);
            assertThat(component(access.get("POST"), "kind")).isEqualTo(Access.Kind.BEARER);
            assertThat(component(access.get("DELETE"), "roles")).isEqualTo(java.util.Set.of("admin"));
            Map<?, ?> hook = (Map<?, ?>) component(staticField(loader, "shop.HookRoute_", "ROUTE"), "access");
            assertThat(component(hook.get("POST"), "kind")).isEqualTo(Access.Kind.WEBHOOK);
        }
    }

    @Test
    void twoPoliciesOnOneElementFail() throws IOException {
        Compilation compilation = compile(source("shop.TwiceActions", ACTIONS_HEADER + """
                @ServerActions
                public class TwiceActions {
                    public TwiceActions() {}
                    @Action @Public @Authenticated public ActionResult go(ActionContext ctx) { return null; }
                }
                """), source("shop.TwiceRoute", ACTIONS_HEADER + """
                @Route("/twice") @Public @RolesAllowed("admin")
                public class TwiceRoute {
                    public String get() { return "x"; }
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.errors()).containsExactlyInAnyOrder(
                "more than one access policy (@Public, @Authenticated): keep the one that says who may call it",
                "more than one access policy (@Public, @RolesAllowed): keep the one that says who may call it");
        assertThat(compilation.generated("shop.TwiceActions_")).isFalse();
        assertThat(compilation.generated("shop.TwiceRoute_")).isFalse();
    }

    @Test
    void routeOnlyPoliciesOnActionsAndEmptyRolesFail() throws IOException {
        Compilation compilation = compile(source("shop.WrongActions", ACTIONS_HEADER + """
                @ServerActions
                @BearerAuth
                public class WrongActions {
                    public WrongActions() {}
                    @Action @Webhook public ActionResult hook(ActionContext ctx) { return null; }
                    @Action @RolesAllowed({}) public ActionResult nobody(ActionContext ctx) { return null; }
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.errors()).containsExactlyInAnyOrder(
                "@BearerAuth is for API routes called by programs; an action is called by the app's own pages and is guarded by "
                        + "@Public, @Authenticated or @RolesAllowed(\"role\")",
                "@Webhook is for API routes called by programs; an action is called by the app's own pages and is guarded by "
                        + "@Public, @Authenticated or @RolesAllowed(\"role\")",
                "@RolesAllowed names at least one role, none blank, such as @RolesAllowed(\"admin\")");
    }

    @Test
    void aPolicyWhereItProtectsNothingFails() throws IOException {
        Compilation compilation = compile(source("shop.HomePage", ACTIONS_HEADER + """
                @Page("/home") @Authenticated
                public class HomePage {
                    public Response get(Request request) { return null; }
                }
                """), source("shop.Helpers", ACTIONS_HEADER + """
                @Public
                public class Helpers {
                    @Authenticated public static String describe() { return ""; }
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.errors()).hasSize(3);
        assertThat(compilation.errors()).anySatisfy(error -> assertThat(error)
                .startsWith("@Authenticated has no effect on a @Page: its get() only renders"));
        assertThat(compilation.errors()).filteredOn(error -> error.contains("has no effect here: it goes on a @Route or @ServerActions class"))
                .hasSize(2);
    }

    @Test
    void anActionDeclaredOnAPageOrRouteWhichAnswerGetFailsTheBuild() throws IOException {
        Compilation compilation = compile(source("shop.DeletePage", ACTIONS_HEADER + """
                @Page("/delete")
                public class DeletePage {
                    @Action
                    public Response get(Request request) { return null; }
                }
                """), source("shop.PurgeRoute", ACTIONS_HEADER + """
                @Route("/purge")
                public class PurgeRoute {
                    @Action @Public
                    public String get() { return "purged"; }
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.errors()).hasSize(2).allSatisfy(error -> assertThat(error)
                .startsWith("an @Action goes in a @ServerActions class, not in a @Page or @Route")
                .contains("must never change state"));
    }

    @Test
    void aClassThatIsBothAPageAndServerActionsFails() throws IOException {
        Compilation compilation = compile(source("shop.MixedPage", ACTIONS_HEADER + """
                @Page("/mixed") @ServerActions
                public class MixedPage {
                    public MixedPage() {}
                    public Response get(Request request) { return null; }
                    @Action @Public public ActionResult save(ActionContext ctx) { return null; }
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.errors()).singleElement().asString()
                .startsWith("a class is either a @Page or a @ServerActions class, not both");
    }

    @Test
    void aCachedPageCarriesTheQueryParametersItDeclares() throws Exception {
        Compilation compilation = compile(source("shop.ProductsPage", ACTIONS_HEADER + """
                @Page(value = "/products", revalidate = 60, query = {"sort", "page"})
                public class ProductsPage {
                    public Response get(Request request) { return null; }
                }
                """), source("shop.HomePage", ACTIONS_HEADER + """
                @Page("/home")
                public class HomePage {
                    public Response get(Request request) { return null; }
                }
                """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation)) {
            // Every declared name, sorted by the definition so that a cache key does not depend on declaration order.
            assertThat(component(staticField(loader, "shop.ProductsPage_", "ROUTE"), "query")).isEqualTo(List.of("page", "sort"));
            assertThat(component(staticField(loader, "shop.HomePage_", "ROUTE"), "query")).isEqualTo(List.of());
        }
    }

    @Test
    void aPageQueryThatCannotBeAKeyFailsTheBuild() throws IOException {
        Compilation compilation = compile(source("shop.BlankPage", ACTIONS_HEADER + """
                @Page(value = "/blank", revalidate = 60, query = {"page", " "})
                public class BlankPage {
                    public Response get(Request request) { return null; }
                }
                """), source("shop.TwicePage", ACTIONS_HEADER + """
                @Page(value = "/twice", revalidate = 60, query = {"page", "sort", "page"})
                public class TwicePage {
                    public Response get(Request request) { return null; }
                }
                """));

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.generated("shop.BlankPage_")).isFalse();
        assertThat(compilation.generated("shop.TwicePage_")).isFalse();
        assertThat(compilation.errors()).containsExactlyInAnyOrder(
                "@Page(query) names the query parameters that key the cached page; a name cannot be blank",
                "@Page(query) names the query parameter 'page' twice; each name keys the cached page once");
    }

    @Test
    void aWebhookPolicyOnGetFails() throws IOException {
        List<String> errors = failingRoute("shop.HookRoute", ACTIONS_HEADER + """
                @Route("/hook") @Webhook
                public class HookRoute {
                    public String get() { return "x"; }
                    public void post(Request request) {}
                }
                """);

        assertThat(errors).singleElement().asString()
                .startsWith("get() cannot be a @Webhook verb (the class's policy): webhooks are delivered by POST");
    }

    // ---- against the real API ----

    private static List<String> attributes(Class<? extends Annotation> annotation) {
        return Stream.of(annotation.getDeclaredMethods()).map(Method::getName).toList();
    }

    /**
     * Every attribute of the API's annotations, set away from its default, reaches the generated definitions. The
     * attribute lists are read from the annotations themselves: one added to the API that the processor does not
     * carry fails here, where hand-written stand-ins of the API kept compiling.
     */
    @Test
    void everyAttributeOfTheRealAnnotationsReachesTheGeneratedDefinitions() throws Exception {
        String teach = "an attribute the processor does not carry yet: write it into the definition and set it below";
        assertThat(attributes(Route.class)).as(teach).containsExactlyInAnyOrder("value", "maxBodySize");
        assertThat(attributes(Page.class)).as(teach).containsExactlyInAnyOrder("value", "revalidate", "query");
        assertThat(attributes(Cors.class)).as(teach)
                .containsExactlyInAnyOrder("origins", "methods", "headers", "exposeHeaders", "credentials", "maxAgeSeconds");
        assertThat(attributes(Action.class)).as(teach).containsExactlyInAnyOrder("maxBodySize");
        assertThat(attributes(RolesAllowed.class)).as(teach).containsExactlyInAnyOrder("value");

        Compilation compilation = compile(source("shop.UploadRoute", ACTIONS_HEADER + """
                @Route(value = "/uploads/{id}", maxBodySize = 1048576)
                @RolesAllowed({"admin", "editor"})
                @Cors(origins = "https://app.example", methods = "POST", headers = "X-Trace", exposeHeaders = "X-Id",
                      credentials = true, maxAgeSeconds = 60)
                public class UploadRoute {
                    public void post(Request request) {}
                }
                """), source("shop.ProductsPage", ACTIONS_HEADER + """
                @Page(value = "/products", revalidate = 30, query = "sort")
                public class ProductsPage {
                    public Response get(Request request) { return Response.text("products"); }
                }
                """), source("shop.UploadActions", ACTIONS_HEADER + """
                @ServerActions
                public class UploadActions {
                    public UploadActions() {}
                    @Action(maxBodySize = 2048) @Public public ActionResult upload(ActionContext ctx) { return null; }
                }
                """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation)) {
            RouteDefinition route = (RouteDefinition) staticField(loader, "shop.UploadRoute_", "ROUTE");
            assertThat(route.path()).isEqualTo("/uploads/{id}");
            assertThat(route.maxBodySize()).isEqualTo(1_048_576L);
            assertThat(route.access("POST")).isEqualTo(Access.rolesAllowed("admin", "editor"));
            assertThat(route.cors()).isEqualTo(new CorsPolicy(List.of("https://app.example"), List.of("POST"), List.of("X-Trace"),
                    List.of("X-Id"), true, 60));
            RouteDefinition page = (RouteDefinition) staticField(loader, "shop.ProductsPage_", "ROUTE");
            assertThat(page.kind()).isEqualTo(RouteDefinition.Kind.PAGE);
            assertThat(page.path()).isEqualTo("/products");
            assertThat(page.revalidate()).isEqualTo(30);
            assertThat(page.query()).containsExactly("sort");
            ActionDefinition action = (ActionDefinition) ((List<?>) staticField(loader, "shop.UploadActions_", "ACTIONS")).getFirst();
            assertThat(action.maxBodySize()).isEqualTo(2048L);
            assertThat(action.access()).isEqualTo(Access.PUBLIC);
        }
    }

    @Test
    void anActionsCompanionHoldsATypedReferenceToEachActionNamingItsBoundTypes() throws Exception {
        Compilation compilation = compile(source("shop.CartActions", ACTIONS_HEADER + """
                @ServerActions
                @Public
                public class CartActions {
                    public CartActions() {}
                    @Action public ActionResult add(long productId, String size, ActionContext ctx) { return null; }
                }
                """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation)) {
            ActionRef add = (ActionRef) staticField(loader, "shop.CartActions_", "add");
            assertThat(add.key()).isEqualTo("shop.CartActions#add(long,java.lang.String,dev.arbor.ActionContext)");
            assertThat(add.boundTypes()).containsExactly(long.class, String.class);
            assertThat(add.isComplete()).isFalse();
            ActionDefinition definition = (ActionDefinition) ((List<?>) staticField(loader, "shop.CartActions_", "ACTIONS")).getFirst();
            assertThat(definition.ref()).isSameAs(add);
            assertThat(definition.handler()).isEqualTo("shop.CartActions#add");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAppCompiledByTheProcessorStartsOnTheFrameworkAndAnswers() throws Exception {
        Compilation compilation = compile(source("shop.ShopApp", """
                package shop;
                @dev.arbor.ArborApp
                public class ShopApp {}
                """), source("shop.ItemsRoute", ITEMS_ROUTE), source("shop.CartActions", ACTIONS_HEADER + """
                @ServerActions
                @Public
                public class CartActions {
                    public CartActions() {}
                    @Action public ActionResult add(long productId, ActionContext ctx) { return ActionResult.redirect("/cart"); }
                }
                """));

        assertThat(compilation.errors()).isEmpty();
        try (URLClassLoader loader = loader(compilation);
             Arbor app = Arbor.builder().port(0).host("127.0.0.1")
                     .printTo(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                     .routes((List<RouteDefinition>) staticField(loader, "shop.ShopApp_", "ROUTES"))
                     .actions((List<ActionDefinition>) staticField(loader, "shop.ShopApp_", "ACTIONS"))
                     .build().start();
             HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(app.uri().resolve("/items/7")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"name\":\"lamp\"}");
        }
    }
}
