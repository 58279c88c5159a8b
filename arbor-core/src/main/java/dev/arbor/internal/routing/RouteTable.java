package dev.arbor.internal.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A segment tree of path patterns, built once at start-up and read concurrently without locks.
 *
 * <p>Precedence at each segment: a literal segment beats a parameter, which beats a catch-all; when a
 * more specific branch fails deeper down, matching backtracks to the next kind. A catch-all takes one or
 * more remaining segments. Two patterns of the same shape ({@code /a/{id}} and {@code /a/{slug}}) are a
 * start-up error, so every path has at most one handler.
 *
 * @param <T> what a pattern leads to
 */
public final class RouteTable<T> {
    private final Node<T> root = new Node<>();
    // Patterns without parameters, by their path: most requests are answered by one lookup, no tree walk.
    // A literal path always wins in the tree too, so this changes no precedence.
    private final Map<String, Match<T>> exact = new HashMap<>();

    /** A matched pattern: its value and the decoded parameter values, in pattern order. */
    public record Match<T>(T value, String pattern, String[] names, String[] values) {
        public String param(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return values[i];
                }
            }
            throw new IllegalArgumentException("the route " + pattern + " has no path parameter '" + name + "'");
        }
    }

    private static final class Node<T> {
        final Map<String, Node<T>> literals = new HashMap<>();
        Node<T> parameter;
        Leaf<T> catchAll;
        Leaf<T> leaf;
    }

    private record Leaf<T>(T value, String pattern, String[] names) {}

    /** Adds a pattern such as {@code /api/posts/{id}} or {@code /docs/{path...}}. */
    public void add(String pattern, T value) {
        List<String> names = new ArrayList<>();
        Node<T> node = root;
        for (String segment : split(pattern)) {
            if (segment.startsWith("{") && segment.endsWith("...}")) {
                names.add(segment.substring(1, segment.length() - 4));
                if (node.catchAll != null) {
                    throw conflict(pattern, node.catchAll.pattern());
                }
                node.catchAll = new Leaf<>(value, pattern, names.toArray(String[]::new));
                return;
            }
            if (segment.startsWith("{")) {
                names.add(segment.substring(1, segment.length() - 1));
                node = node.parameter == null ? (node.parameter = new Node<>()) : node.parameter;
            } else {
                node = node.literals.computeIfAbsent(segment, k -> new Node<>());
            }
        }
        if (node.leaf != null) {
            throw conflict(pattern, node.leaf.pattern());
        }
        node.leaf = new Leaf<>(value, pattern, names.toArray(String[]::new));
        if (names.isEmpty()) {
            exact.put("/" + String.join("/", split(pattern)), new Match<>(value, pattern, new String[0], new String[0]));
        }
    }

    /**
     * A table of the same patterns, each leading to {@code convert} of its value: the step at start-up that turns the
     * entries the app declared into what serves them. {@code convert} is called once per pattern.
     */
    public <U> RouteTable<U> map(java.util.function.Function<? super T, ? extends U> convert) {
        RouteTable<U> mapped = new RouteTable<>();
        Map<T, U> converted = new java.util.IdentityHashMap<>();
        copy(root, mapped.root, value -> converted.computeIfAbsent(value, convert));
        exact.forEach((path, match) -> mapped.exact.put(path,
                new Match<>(converted.get(match.value()), match.pattern(), match.names(), match.values())));
        return mapped;
    }

    private static <T, U> void copy(Node<T> from, Node<U> to, java.util.function.Function<T, U> convert) {
        from.literals.forEach((segment, child) -> copy(child, to.literals.computeIfAbsent(segment, k -> new Node<>()), convert));
        if (from.parameter != null) {
            to.parameter = new Node<>();
            copy(from.parameter, to.parameter, convert);
        }
        if (from.catchAll != null) {
            to.catchAll = new Leaf<>(convert.apply(from.catchAll.value()), from.catchAll.pattern(), from.catchAll.names());
        }
        if (from.leaf != null) {
            to.leaf = new Leaf<>(convert.apply(from.leaf.value()), from.leaf.pattern(), from.leaf.names());
        }
    }

    private static IllegalStateException conflict(String pattern, String existing) {
        return new IllegalStateException("Route " + pattern + " has the same shape as " + existing
                + ": one path would have two handlers; rename one of them");
    }

    /** The pattern matching a raw (still percent-encoded) path, or {@code null}. */
    public Match<T> match(String rawPath) {
        Match<T> literal = exact.get(rawPath);
        if (literal != null) {
            return literal;
        }
        String[] segments = split(rawPath);
        String[] values = new String[segments.length];
        return match(root, segments, 0, values, 0);
    }

    private Match<T> match(Node<T> node, String[] segments, int index, String[] values, int bound) {
        if (index == segments.length) {
            return node.leaf == null ? null : result(node.leaf, values, bound);
        }
        String segment = segments[index];
        Node<T> literal = node.literals.get(segment);
        if (literal != null) {
            Match<T> found = match(literal, segments, index + 1, values, bound);
            if (found != null) {
                return found;
            }
        }
        if (node.parameter != null && !segment.isEmpty()) {
            values[bound] = decode(segment);
            Match<T> found = match(node.parameter, segments, index + 1, values, bound + 1);
            if (found != null) {
                return found;
            }
        }
        if (node.catchAll != null) {
            StringBuilder rest = new StringBuilder();
            for (int i = index; i < segments.length; i++) {
                rest.append(i == index ? "" : "/").append(decode(segments[i]));
            }
            values[bound] = rest.toString();
            return result(node.catchAll, values, bound + 1);
        }
        return null;
    }

    private Match<T> result(Leaf<T> leaf, String[] values, int bound) {
        String[] copy = new String[bound];
        System.arraycopy(values, 0, copy, 0, bound);
        return new Match<>(leaf.value(), leaf.pattern(), leaf.names(), copy);
    }

    /** The segments of a path, without building a list: this runs on every request. */
    private static String[] split(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        if (start >= path.length()) {
            return new String[0];
        }
        int count = 1;
        for (int i = start; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        String[] segments = new String[count];
        for (int n = 0; n < count; n++) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            segments[n] = path.substring(start, end);
            start = end + 1;
        }
        return segments;
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        // '+' is literal in a path: only %-escapes are decoded.
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
