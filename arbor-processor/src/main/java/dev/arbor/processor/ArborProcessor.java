package dev.arbor.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Builds Arbor's route index at compile time, so that nothing scans the classpath at start-up.
 *
 * <p>The generated code calls {@code dev.arbor.spi} (definitions, access policies, action references), the
 * package kept for it, and names user-facing {@code dev.arbor} types only where the app's own code meets them.
 *
 * <p>For every {@code @Route} class it writes a companion {@code Name_} holding a {@code RouteDefinition}:
 * the path, the verbs the class answers, its CORS policy, and a factory that constructs the class from
 * the app's {@code Services} and calls its verb methods directly (no reflection at request time). For the
 * class marked {@code @ArborApp} it writes {@code AppName_} listing every route of the compilation.
 * Mistakes a user can make (a verb method with the wrong shape, a private constructor, a malformed path)
 * fail the build with a message that says how to fix them.
 *
 * <p>Access is deny-by-default: every {@code @Action} and every route verb method must have an access policy
 * ({@code @Public}, {@code @Authenticated}, {@code @RolesAllowed}, and for routes {@code @BearerAuth} or
 * {@code @Webhook}) on itself or on its class, or the build fails. The policy is written into the generated
 * definition, where the framework enforces it before anything of the handler runs.
 */
@SupportedAnnotationTypes({"dev.arbor.Route", "dev.arbor.Page", "dev.arbor.ServerActions", "dev.arbor.ArborApp", "dev.arbor.Action",
        "dev.arbor.Public", "dev.arbor.Authenticated", "dev.arbor.RolesAllowed", "dev.arbor.BearerAuth", "dev.arbor.Webhook"})
public final class ArborProcessor extends AbstractProcessor {
    private static final String ROUTE = "dev.arbor.Route";
    private static final String PAGE = "dev.arbor.Page";
    private static final String SERVER_ACTIONS = "dev.arbor.ServerActions";
    private static final String ACTION = "dev.arbor.Action";
    private static final String ACTION_CONTEXT = "dev.arbor.ActionContext";
    private static final String ACTION_RESULT = "dev.arbor.ActionResult";
    private static final String CONTENT = "gg.jte.Content";
    private static final String APP = "dev.arbor.ArborApp";
    private static final String CORS = "dev.arbor.Cors";
    private static final String REQUEST = "dev.arbor.Request";
    private static final String RESPONSE = "dev.arbor.Response";
    private static final List<String> VERBS = List.of("get", "post", "put", "patch", "delete");
    private static final String PUBLIC = "dev.arbor.Public";
    private static final String AUTHENTICATED = "dev.arbor.Authenticated";
    private static final String ROLES_ALLOWED = "dev.arbor.RolesAllowed";
    private static final String BEARER_AUTH = "dev.arbor.BearerAuth";
    private static final String WEBHOOK = "dev.arbor.Webhook";
    private static final List<String> POLICIES = List.of(PUBLIC, AUTHENTICATED, ROLES_ALLOWED, BEARER_AUTH, WEBHOOK);
    private static final String ACTION_POLICIES = "@Public, @Authenticated or @RolesAllowed(\"role\")";
    private static final String ROUTE_POLICIES = "@Public, @Authenticated, @RolesAllowed(\"role\"), @BearerAuth or @Webhook";

    /** One declared access policy: the annotation's simple name and the generated {@code Access} expression. */
    private record Policy(String annotation, String expression) {}

    /** Returned when an element's policy is malformed; the error has been reported. */
    private static final Policy INVALID = new Policy("", "");

    private final List<String> companions = new ArrayList<>();
    private final List<String> actionCompanions = new ArrayList<>();
    private final List<TypeElement> apps = new ArrayList<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            String name = annotation.getQualifiedName().toString();
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (name.equals(ROUTE)) {
                    routeClass(element, ROUTE);
                } else if (name.equals(PAGE)) {
                    routeClass(element, PAGE);
                } else if (name.equals(SERVER_ACTIONS)) {
                    actionsClass(element);
                } else if (name.equals(APP) && element instanceof TypeElement type) {
                    apps.add(type);
                } else if (name.equals(ACTION)) {
                    checkActionPlacement(element);
                } else if (POLICIES.contains(name)) {
                    checkPolicyPlacement(element, name);
                }
            }
        }
        if (!apps.isEmpty() && !round.processingOver()) {
            for (TypeElement app : apps) {
                writeAppIndex(app);
            }
            apps.clear();
        }
        return true;
    }

    private boolean checkClass(Element element, String annotationName) {
        String simple = "@" + annotationName.substring(annotationName.lastIndexOf('.') + 1);
        if (!(element instanceof TypeElement type) || type.getKind() != ElementKind.CLASS) {
            String kind = element.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
            error(element, simple + " goes on a class, not on " + ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind);
            return false;
        }
        if (!type.getModifiers().contains(Modifier.PUBLIC) || type.getModifiers().contains(Modifier.ABSTRACT)) {
            error(type, "a " + simple + " class must be public and concrete so the generated index can construct it");
            return false;
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            error(type, "a nested " + simple + " class must be static");
            return false;
        }
        return true;
    }

    private void routeClass(Element element, String annotationName) {
        if (!checkClass(element, annotationName)) {
            return;
        }
        TypeElement type = (TypeElement) element;
        boolean page = annotationName.equals(PAGE);
        String simple = page ? "@Page" : "@Route";
        String path = stringValue(annotation(type, annotationName), "value");
        String pathProblem = checkPath(path);
        if (pathProblem != null) {
            error(type, simple + "(\"" + path + "\"): " + pathProblem);
            return;
        }
        ExecutableElement constructor = constructor(type);
        if (constructor == null) {
            return;
        }
        Map<String, ExecutableElement> verbs = new LinkedHashMap<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            String name = method.getSimpleName().toString();
            if (!VERBS.contains(name) || method.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            if (page && !name.equals("get")) {
                error(method, "a @Page answers GET with get(); its forms call @Action methods of a @ServerActions class instead of "
                        + name + "()");
                return;
            }
            if (!method.getModifiers().contains(Modifier.PUBLIC)) {
                error(method, "the verb method " + name + "() must be public to answer requests");
                return;
            }
            if (verbs.containsKey(name)) {
                error(method, "only one " + name + "() method per route class");
                return;
            }
            if (!checkParameters(method)) {
                return;
            }
            verbs.put(name, method);
        }
        if (verbs.isEmpty()) {
            error(type, page ? "a @Page needs 'public Content get(Request request)' (or returning Response)"
                    : "a @Route class answers at least one of get, post, put, patch, delete: add a public method such as "
                    + "'public Response get(Request request)'");
            return;
        }
        if (!page && annotation(type, SERVER_ACTIONS) != null) {
            error(type, "a class is either a @Route or a @ServerActions class, not both: actions run only from a POST of their "
                    + "form, through a page");
            return;
        }
        Map<String, String> access = new LinkedHashMap<>();
        if (page) {
            access.put("get", "dev.arbor.spi.Access.PUBLIC");
        } else if (!routeAccess(type, verbs, access)) {
            return;
        }
        long maxBody = page ? -1 : longValue(annotation(type, ROUTE), "maxBodySize", -1);
        long revalidate = page ? longValue(annotation(type, PAGE), "revalidate", 0) : 0;
        if (revalidate < 0) {
            error(type, "@Page(revalidate) is a number of seconds, 0 or more");
            return;
        }
        String query = page ? pageQuery(type) : "java.util.List.of()";
        if (query == null) {
            return;
        }
        writeCompanion(type, page ? "PAGE" : "ROUTE", path, constructor, verbs, access, maxBody, (int) revalidate, query);
    }

    /**
     * The query parameters a page declares, as source, or null after reporting why one cannot key its cached
     * render: a blank name, or a name given twice.
     */
    private String pageQuery(TypeElement type) {
        AnnotationValue value = value(annotation(type, PAGE), "query");
        @SuppressWarnings("unchecked")
        List<? extends AnnotationValue> items = value == null ? List.of() : (List<? extends AnnotationValue>) value.getValue();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (AnnotationValue item : items) {
            String name = (String) item.getValue();
            if (name.isBlank()) {
                error(type, "@Page(query) names the query parameters that key the cached page; a name cannot be blank");
                return null;
            }
            if (!seen.add(name)) {
                error(type, "@Page(query) names the query parameter '" + name + "' twice; each name keys the cached page once");
                return null;
            }
        }
        return stringList(annotation(type, PAGE), "query");
    }

    /** Each verb's effective policy (its own, else its class's) into {@code access}; false after reporting errors. */
    private boolean routeAccess(TypeElement type, Map<String, ExecutableElement> verbs, Map<String, String> access) {
        Policy classPolicy = policy(type, true);
        boolean ok = classPolicy != INVALID;
        for (var verb : verbs.entrySet()) {
            ExecutableElement method = verb.getValue();
            Policy own = policy(method, true);
            if (own == INVALID) {
                ok = false;
                continue;
            }
            Policy effective = own != null ? own : classPolicy;
            if (effective == null) {
                error(method, verb.getKey() + "() has no access policy, and every route verb is a public HTTP endpoint: annotate it, "
                        + "or its @Route class as the default for every verb, with " + ROUTE_POLICIES);
                ok = false;
            } else if (effective == INVALID) {
                ok = false;
            } else if (verb.getKey().equals("get") && effective.annotation().equals("@Webhook")) {
                error(method, "get() cannot be a @Webhook verb" + (own == null ? " (the class's policy)" : "")
                        + ": webhooks are delivered by POST, and a GET must not change state; give get() its own policy");
                ok = false;
            } else {
                access.put(verb.getKey(), effective.expression());
            }
        }
        return ok;
    }

    /**
     * The policy annotated on {@code element}: {@code null} for none, {@link #INVALID} (reported) for several or a
     * malformed one, or for a route-only policy where {@code route} is false.
     */
    private Policy policy(Element element, boolean route) {
        List<String> found = new ArrayList<>();
        for (String name : POLICIES) {
            if (annotation(element, name) != null) {
                found.add("@" + name.substring(name.lastIndexOf('.') + 1));
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            error(element, "more than one access policy (" + String.join(", ", found) + "): keep the one that says who may call it");
            return INVALID;
        }
        String annotation = found.getFirst();
        return switch (annotation) {
            case "@Public" -> new Policy(annotation, "dev.arbor.spi.Access.PUBLIC");
            case "@Authenticated" -> new Policy(annotation, "dev.arbor.spi.Access.AUTHENTICATED");
            case "@RolesAllowed" -> {
                AnnotationValue value = value(annotation(element, ROLES_ALLOWED), "value");
                @SuppressWarnings("unchecked")
                List<? extends AnnotationValue> roles = value == null ? List.of() : (List<? extends AnnotationValue>) value.getValue();
                if (roles.isEmpty() || roles.stream().anyMatch(role -> ((String) role.getValue()).isBlank())) {
                    error(element, "@RolesAllowed names at least one role, none blank, such as @RolesAllowed(\"admin\")");
                    yield INVALID;
                }
                yield new Policy(annotation, "dev.arbor.spi.Access.rolesAllowed(" + stringList(annotation(element, ROLES_ALLOWED), "value")
                        .substring("java.util.List.of(".length()));
            }
            default -> {
                if (!route) {
                    error(element, annotation + " is for API routes called by programs; an action is called by the app's own pages "
                            + "and is guarded by " + ACTION_POLICIES);
                    yield INVALID;
                }
                yield new Policy(annotation, annotation.equals("@BearerAuth") ? "dev.arbor.spi.Access.BEARER" : "dev.arbor.spi.Access.WEBHOOK");
            }
        };
    }

    /** An access policy anywhere but on a route or actions class, a route verb or an action would protect nothing. */
    private void checkPolicyPlacement(Element element, String annotationName) {
        String simple = "@" + annotationName.substring(annotationName.lastIndexOf('.') + 1);
        if (element instanceof TypeElement type) {
            if (annotation(type, PAGE) != null) {
                error(type, simple + " has no effect on a @Page: its get() only renders. Put the policy on the @ServerActions "
                        + "class its forms call, and check request.identity() in get() (redirect to your sign-in page)");
            } else if (annotation(type, ROUTE) == null && annotation(type, SERVER_ACTIONS) == null) {
                error(type, simple + " has no effect here: it goes on a @Route or @ServerActions class, a route verb method or an @Action");
            }
            return;
        }
        if (element instanceof ExecutableElement method && element.getKind() == ElementKind.METHOD) {
            Element owner = method.getEnclosingElement();
            boolean verb = VERBS.contains(method.getSimpleName().toString()) && !method.getModifiers().contains(Modifier.STATIC);
            if (annotation(owner, ROUTE) != null && verb || annotation(owner, SERVER_ACTIONS) != null && annotation(method, ACTION) != null) {
                return;
            }
            if (annotation(owner, PAGE) != null) {
                error(method, simple + " has no effect on a @Page: its get() only renders. Put the policy on the @ServerActions "
                        + "class its forms call, and check request.identity() in get() (redirect to your sign-in page)");
                return;
            }
        }
        error(element, simple + " has no effect here: it goes on a @Route or @ServerActions class, a route verb method or an @Action");
    }

    /**
     * An {@code @Action} outside a {@code @ServerActions} class would never be registered; on a page or route it would
     * sit beside a {@code get()} that answers GET, and nothing that changes state may run on a GET.
     */
    private void checkActionPlacement(Element element) {
        Element owner = element.getEnclosingElement();
        if (annotation(owner, SERVER_ACTIONS) != null) {
            return;
        }
        if (annotation(owner, PAGE) != null || annotation(owner, ROUTE) != null) {
            error(element, "an @Action goes in a @ServerActions class, not in a @Page or @Route: a page's get() and a route's get() "
                    + "answer GET, which must never change state; actions run only from a POST of their form");
        } else {
            error(element, "an @Action goes in a @ServerActions class; elsewhere it is never registered and no form can call it");
        }
    }

    private ExecutableElement constructor(TypeElement type) {
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .filter(c -> c.getModifiers().contains(Modifier.PUBLIC)).toList();
        if (constructors.size() != 1) {
            error(type, "a @Route, @Page or @ServerActions class needs exactly one public constructor; its parameters are taken from the app's Services");
            return null;
        }
        return constructors.getFirst();
    }

    private boolean checkParameters(ExecutableElement method) {
        int requests = 0;
        int bodies = 0;
        for (VariableElement parameter : method.getParameters()) {
            TypeMirror type = parameter.asType();
            if (isType(type, REQUEST)) {
                requests++;
            } else if (type.getKind() == TypeKind.DECLARED && asElement(type).getKind() == ElementKind.RECORD) {
                bodies++;
            } else {
                error(parameter, "a verb method takes a Request and/or one record bound from the body; "
                        + parameter.getSimpleName() + " is a " + type);
                return false;
            }
        }
        if (requests > 1 || bodies > 1) {
            error(method, "a verb method takes at most one Request and one body record");
            return false;
        }
        if (bodies == 1 && method.getSimpleName().contentEquals("get")) {
            error(method, "get() cannot bind a body: GET requests carry none; read query parameters from the Request");
            return false;
        }
        return true;
    }

    static String checkPath(String path) {
        if (path == null || !path.startsWith("/")) {
            return "a route path starts with '/'";
        }
        if (path.length() > 1 && path.endsWith("/")) {
            return "leave out the trailing '/': Arbor serves paths without it and redirects the other form";
        }
        String[] segments = path.substring(1).split("/", -1);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && path.length() > 1) {
                return "empty segment ('//')";
            }
            if (segment.startsWith("{")) {
                if (!segment.endsWith("}") || segment.length() < 3) {
                    return "a parameter segment is '{name}' or, last, '{name...}'";
                }
                String name = segment.substring(1, segment.length() - 1);
                if (name.endsWith("...")) {
                    if (i != segments.length - 1) {
                        return "a catch-all '{" + name + "}' must be the last segment";
                    }
                    name = name.substring(0, name.length() - 3);
                }
                if (!SourceVersion.isIdentifier(name)) {
                    return "parameter name '" + name + "' must be a Java identifier";
                }
                if (!names.add(name)) {
                    return "parameter '" + name + "' appears twice; give each segment its own name";
                }
            } else if (segment.contains("{") || segment.contains("}")) {
                return "a parameter takes a whole segment: '/items/{id}', not '/items/id-{id}'";
            }
        }
        return null;
    }

    private void writeCompanion(TypeElement type, String kind, String path, ExecutableElement constructor,
                                Map<String, ExecutableElement> verbs, Map<String, String> access, long maxBody, int revalidate,
                                String query) {
        String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        String simple = flatName(type) + "_";
        String qualified = pkg.isEmpty() ? simple : pkg + "." + simple;
        StringBuilder methods = new StringBuilder();
        StringBuilder cases = new StringBuilder();
        StringBuilder policies = new StringBuilder();
        for (var verb : verbs.entrySet()) {
            String upper = verb.getKey().toUpperCase(Locale.ROOT);
            methods.append(methods.isEmpty() ? "" : ", ").append('"').append(upper).append('"');
            policies.append(policies.isEmpty() ? "" : ", ").append('"').append(upper).append("\", ").append(access.get(verb.getKey()));
            cases.append("                case \"").append(upper).append("\" -> ").append(call(verb.getValue())).append("\n");
        }
        String arguments = constructorArguments(constructor);
        String source = """
                package %s;

                /** Generated by Arbor from {@link %s}; do not edit. */
                @javax.annotation.processing.Generated("dev.arbor.processor.ArborProcessor")
                public final class %s {
                    private %s() {}

                    public static final dev.arbor.spi.RouteDefinition ROUTE = new dev.arbor.spi.RouteDefinition(
                        dev.arbor.spi.RouteDefinition.Kind.%s, "%s", "%s", java.util.List.of(%s), java.util.Map.of(%s), %s, %dL, %d, %s,
                        services -> {
                            %s route = new %s(%s);
                            return (method, request) -> switch (method) {
                %s                default -> null;
                            };
                        });
                }
                """.formatted(pkg, type.getQualifiedName(), simple, simple, kind, escape(path), type.getQualifiedName(), methods,
                policies, cors(type), maxBody, revalidate, query, type.getQualifiedName(), type.getQualifiedName(), arguments, cases);
        if (pkg.isEmpty()) {
            source = source.substring(source.indexOf('\n') + 2);
        }
        write(qualified, source, type);
        companions.add(qualified);
    }

    private String constructorArguments(ExecutableElement constructor) {
        StringBuilder arguments = new StringBuilder();
        for (VariableElement parameter : constructor.getParameters()) {
            TypeMirror erased = processingEnv.getTypeUtils().erasure(parameter.asType());
            arguments.append(arguments.isEmpty() ? "" : ", ").append("services.get(").append(erased).append(".class)");
        }
        return arguments.toString();
    }

    private String call(ExecutableElement method) {
        StringBuilder args = new StringBuilder();
        for (VariableElement parameter : method.getParameters()) {
            TypeMirror type = processingEnv.getTypeUtils().erasure(parameter.asType());
            args.append(args.isEmpty() ? "" : ", ");
            args.append(isType(type, REQUEST) ? "request" : "request.body(" + type + ".class)");
        }
        String invocation = "route." + method.getSimpleName() + "(" + args + ")";
        if (method.getReturnType().getKind() == TypeKind.VOID) {
            return "{ " + invocation + "; yield dev.arbor.Response.noContent(); }";
        }
        if (isType(method.getReturnType(), RESPONSE)) {
            return invocation + ";";
        }
        if (isContent(method.getReturnType())) {
            return "dev.arbor.Response.html((gg.jte.Content) " + invocation + ");";
        }
        return "dev.arbor.Response.json(" + invocation + ");";
    }

    private boolean isContent(TypeMirror type) {
        TypeElement content = processingEnv.getElementUtils().getTypeElement(CONTENT);
        return content != null && type.getKind() == TypeKind.DECLARED
                && processingEnv.getTypeUtils().isAssignable(type, content.asType());
    }

    private void actionsClass(Element element) {
        if (!checkClass(element, SERVER_ACTIONS)) {
            return;
        }
        TypeElement type = (TypeElement) element;
        if (annotation(type, PAGE) != null) {
            error(type, "a class is either a @Page or a @ServerActions class, not both: a page's get() answers GET, which must never "
                    + "change state; put the actions in their own @ServerActions class");
            return;
        }
        if (annotation(type, ROUTE) != null) {
            return;  // reported with the route
        }
        ExecutableElement constructor = constructor(type);
        if (constructor == null) {
            return;
        }
        Policy classPolicy = policy(type, false);
        boolean policiesValid = classPolicy != INVALID;
        StringBuilder refs = new StringBuilder();
        StringBuilder definitions = new StringBuilder();
        String qualifiedType = type.getQualifiedName().toString();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (annotation(method, ACTION) == null) {
                continue;
            }
            String name = method.getSimpleName().toString();
            if (!method.getModifiers().contains(Modifier.PUBLIC) || method.getModifiers().contains(Modifier.STATIC)) {
                error(method, "an @Action method must be public and not static");
                return;
            }
            if (!isType(method.getReturnType(), ACTION_RESULT)) {
                error(method, "an @Action method returns ActionResult (a form state, a redirect, or a refusal)");
                return;
            }
            Policy own = policy(method, false);
            Policy effective = own != null ? own : classPolicy;
            if (effective == null) {
                error(method, "@Action " + name + " has no access policy, and every action is a public HTTP endpoint: annotate the "
                        + "method, or its @ServerActions class as the default for every action, with " + ACTION_POLICIES);
                policiesValid = false;
                continue;
            }
            if (own == INVALID || effective == INVALID) {
                policiesValid = false;
                continue;
            }
            StringBuilder signature = new StringBuilder();
            StringBuilder boundTypes = new StringBuilder();
            StringBuilder arguments = new StringBuilder();
            int forms = 0;
            int bound = 0;
            for (VariableElement parameter : method.getParameters()) {
                TypeMirror parameterType = processingEnv.getTypeUtils().erasure(parameter.asType());
                signature.append(signature.isEmpty() ? "" : ",").append(parameterType);
                arguments.append(arguments.isEmpty() ? "" : ", ");
                if (isType(parameterType, ACTION_CONTEXT)) {
                    arguments.append("call.context()");
                } else if (parameterType.getKind() == TypeKind.DECLARED && asElement(parameterType).getKind() == ElementKind.RECORD) {
                    if (++forms > 1) {
                        error(parameter, "an @Action takes at most one record bound from the form");
                        return;
                    }
                    arguments.append("call.form(").append(parameterType).append(".class)");
                } else if (isBindable(parameterType)) {
                    boundTypes.append(boundTypes.isEmpty() ? "" : ", ").append(parameterType).append(".class");
                    arguments.append("call.bound(").append(bound++).append(", ").append(boxed(parameterType)).append(".class)");
                } else {
                    error(parameter, "an @Action parameter is the form record, the ActionContext, or a bound value "
                            + "(a primitive, String, UUID or enum); " + parameter.getSimpleName() + " is a " + parameterType);
                    return;
                }
            }
            String key = qualifiedType + "#" + name + "(" + signature + ")";
            refs.append("""
                        /** {@link %s#%s} */
                        public static final dev.arbor.ActionRef %s = dev.arbor.spi.ActionRefs.of("%s", java.util.List.of(%s));
                    """.formatted(qualifiedType, name, name, key, boundTypes));
            definitions.append(definitions.isEmpty() ? "" : ",\n").append("""
                            new dev.arbor.spi.ActionDefinition(%s, "%s", %s, %dL, services -> {
                                %s target = services.instance(%s.class, () -> new %s(%s));
                                return call -> target.%s(%s);
                            })""".formatted(name, qualifiedType + "#" + name, effective.expression(),
                    longValue(annotation(method, ACTION), "maxBodySize", -1),
                    qualifiedType, qualifiedType, qualifiedType,
                    constructorArguments(constructor), name, arguments));
        }
        if (!policiesValid) {
            return;
        }
        if (definitions.isEmpty()) {
            error(type, "a @ServerActions class declares at least one @Action method");
            return;
        }
        String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        String simple = flatName(type) + "_";
        String source = """
                package %s;

                /** Generated by Arbor from {@link %s}: typed references to its actions; do not edit. */
                @javax.annotation.processing.Generated("dev.arbor.processor.ArborProcessor")
                public final class %s {
                    private %s() {}
                %s
                    public static final java.util.List<dev.arbor.spi.ActionDefinition> ACTIONS = java.util.List.of(
                %s);
                }
                """.formatted(pkg, qualifiedType, simple, simple, refs, definitions);
        String qualified = pkg.isEmpty() ? simple : pkg + "." + simple;
        write(qualified, source, type);
        actionCompanions.add(qualified);
    }

    private boolean isBindable(TypeMirror type) {
        if (type.getKind().isPrimitive()) {
            return true;
        }
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        Element element = asElement(type);
        String name = ((TypeElement) element).getQualifiedName().toString();
        return element.getKind() == ElementKind.ENUM || name.equals("java.lang.String") || name.equals("java.util.UUID")
                || name.equals("java.lang.Long") || name.equals("java.lang.Integer") || name.equals("java.lang.Boolean");
    }

    private String boxed(TypeMirror type) {
        return type.getKind().isPrimitive()
                ? processingEnv.getTypeUtils().boxedClass((javax.lang.model.type.PrimitiveType) type).getQualifiedName().toString()
                : type.toString();
    }

    private String cors(TypeElement type) {
        AnnotationMirror cors = annotation(type, CORS);
        if (cors == null) {
            return "null";
        }
        return "new dev.arbor.CorsPolicy(%s, %s, %s, %s, %s, %d)".formatted(
                stringList(cors, "origins"), stringList(cors, "methods"), stringList(cors, "headers"),
                stringList(cors, "exposeHeaders"), booleanValue(cors, "credentials"), longValue(cors, "maxAgeSeconds", 600));
    }

    private void writeAppIndex(TypeElement app) {
        String pkg = processingEnv.getElementUtils().getPackageOf(app).getQualifiedName().toString();
        String simple = flatName(app) + "_";
        StringBuilder routes = new StringBuilder();
        for (String companion : companions) {
            routes.append(routes.isEmpty() ? "" : ",\n            ").append(companion).append(".ROUTE");
        }
        StringBuilder actions = new StringBuilder("java.util.stream.Stream.<java.util.List<dev.arbor.spi.ActionDefinition>>of(");
        for (int i = 0; i < actionCompanions.size(); i++) {
            actions.append(i == 0 ? "" : ", ").append(actionCompanions.get(i)).append(".ACTIONS");
        }
        actions.append(").flatMap(java.util.List::stream).toList()");
        String source = """
                package %s;

                /** Generated by Arbor: every route of this application, found at compile time. */
                @javax.annotation.processing.Generated("dev.arbor.processor.ArborProcessor")
                public final class %s {
                    private %s() {}

                    public static final java.util.List<dev.arbor.spi.RouteDefinition> ROUTES = java.util.List.of(
                            %s);

                    public static final java.util.List<dev.arbor.spi.ActionDefinition> ACTIONS = %s;
                }
                """.formatted(pkg, simple, simple, routes, actions);
        write(pkg.isEmpty() ? simple : pkg + "." + simple, source, app);
    }

    private void write(String qualifiedName, String source, Element origin) {
        try (Writer writer = processingEnv.getFiler().createSourceFile(qualifiedName, origin).openWriter()) {
            writer.write(source);
        } catch (IOException e) {
            error(origin, "could not write " + qualifiedName + ": " + e.getMessage());
        }
    }

    private static String flatName(TypeElement type) {
        String name = type.getSimpleName().toString();
        Element enclosing = type.getEnclosingElement();
        while (enclosing instanceof TypeElement outer) {
            name = outer.getSimpleName() + "_" + name;
            enclosing = outer.getEnclosingElement();
        }
        return name;
    }

    private boolean isType(TypeMirror type, String qualifiedName) {
        return type.getKind() == TypeKind.DECLARED && ((TypeElement) asElement(type)).getQualifiedName().contentEquals(qualifiedName);
    }

    private Element asElement(TypeMirror type) {
        return processingEnv.getTypeUtils().asElement(type);
    }

    private static AnnotationMirror annotation(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(qualifiedName)) {
                return mirror;
            }
        }
        return null;
    }

    private static AnnotationValue value(AnnotationMirror mirror, String name) {
        for (var entry : mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String stringValue(AnnotationMirror mirror, String name) {
        AnnotationValue value = value(mirror, name);
        return value == null ? null : (String) value.getValue();
    }

    private static long longValue(AnnotationMirror mirror, String name, long fallback) {
        AnnotationValue value = value(mirror, name);
        return value == null ? fallback : ((Number) value.getValue()).longValue();
    }

    private static boolean booleanValue(AnnotationMirror mirror, String name) {
        AnnotationValue value = value(mirror, name);
        return value != null && (Boolean) value.getValue();
    }

    private static String stringList(AnnotationMirror mirror, String name) {
        AnnotationValue value = value(mirror, name);
        if (value == null) {
            return "java.util.List.of()";
        }
        StringBuilder out = new StringBuilder("java.util.List.of(");
        @SuppressWarnings("unchecked")
        List<? extends AnnotationValue> items = (List<? extends AnnotationValue>) value.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append('"').append(escape((String) items.get(i).getValue())).append('"');
        }
        return out.append(')').toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void error(Element element, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }
}
