package dev.arbor.internal.http;

import dev.arbor.Request;
import dev.arbor.UploadedFile;
import dev.arbor.internal.routing.RouteTable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A copy of what a cached page may depend on, its path, path parameters and declared query parameters, taken
 * from a live request so the page can be rendered for the shared cache, also in the background after that
 * request has ended. Headers, cookies and body are empty: a page served from the shared cache must not depend
 * on who asked. Reading a query parameter the page did not declare fails: its value is not part of the cache
 * key, so the render would be served to requests with other values.
 */
final class SnapshotRequest implements Request {
    private final String path;
    private final RouteTable.Match<?> match;
    private final Map<String, List<String>> query;
    private final List<String> declared;
    private final PageCache cache;

    SnapshotRequest(String path, RouteTable.Match<?> match, Map<String, List<String>> query, List<String> declared, PageCache cache) {
        this.path = path;
        this.match = match;
        this.declared = declared;
        Map<String, List<String>> kept = new java.util.HashMap<>();
        for (String name : declared) {
            List<String> values = query.get(name);
            if (values != null) {
                kept.put(name, values);
            }
        }
        this.query = Map.copyOf(kept);
        this.cache = cache;
    }

    @Override public String method() { return "GET"; }
    @Override public String path() { return path; }
    @Override public String pathParam(String name) { return match.param(name); }
    @Override public String query(String name) { List<String> v = queryAll(name); return v.isEmpty() ? null : v.getFirst(); }

    @Override
    public List<String> queryAll(String name) {
        if (!declared.contains(name)) {
            List<String> names = new java.util.ArrayList<>(declared);
            names.add(name);
            throw new IllegalStateException(path + " is a cached page and reads the query parameter '" + name
                    + "', which is not part of its cache key: every value would be served the same render. Declare it, "
                    + "@Page(query = {" + String.join(", ", names.stream().sorted().map(n -> '"' + n + '"').toList())
                    + "}), or drop revalidate to render on every request");
        }
        return query.getOrDefault(name, List.of());
    }
    @Override public String header(String name) { return null; }
    @Override public List<String> headers(String name) { return List.of(); }
    @Override public String cookie(String name) { return null; }
    @Override public Map<String, String> cookies() { return Map.of(); }
    @Override public String contentType() { return null; }
    @Override public byte[] bodyBytes() { return new byte[0]; }
    @Override public <T> T body(Class<T> type) { throw new IllegalStateException("a page render has no body"); }
    @Override public Map<String, List<String>> form() { return Map.of(); }
    @Override public List<UploadedFile> files() { return List.of(); }
    @Override public String remoteAddress() { return ""; }
    @Override public boolean secure() { return false; }

    @Override
    public dev.arbor.FormState formState(dev.arbor.ActionRef action) {
        var context = dev.arbor.internal.render.RenderContext.currentOrNull();
        return context == null ? dev.arbor.FormState.empty() : context.state(action);
    }

    @Override
    public <T> T cache(String key, List<String> tags, Supplier<T> loader) {
        var context = dev.arbor.internal.render.RenderContext.currentOrNull();
        return cache.data(key, tags, loader, context == null ? new java.util.HashSet<>() : context.readTags());
    }
}
