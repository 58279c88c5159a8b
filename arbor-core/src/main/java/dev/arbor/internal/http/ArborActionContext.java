package dev.arbor.internal.http;

import dev.arbor.ActionContext;
import dev.arbor.ActionRef;
import dev.arbor.FormState;
import dev.arbor.UploadedFile;
import java.util.List;
import java.util.Map;

/** The {@link ActionContext} of one action call: the request, plus revalidation. */
final class ArborActionContext implements ActionContext {
    private final ArborRequest request;
    private final PageCache cache;

    ArborActionContext(ArborRequest request, PageCache cache) {
        this.request = request;
        this.cache = cache;
    }

    @Override public void revalidatePath(String path) { cache.revalidatePath(path); }
    @Override public void revalidateTag(String tag) { cache.revalidateTag(tag); }
    @Override public String method() { return request.method(); }
    @Override public String path() { return request.path(); }
    @Override public String pathParam(String name) { return request.pathParam(name); }
    @Override public String query(String name) { return request.query(name); }
    @Override public List<String> queryAll(String name) { return request.queryAll(name); }
    @Override public String header(String name) { return request.header(name); }
    @Override public List<String> headers(String name) { return request.headers(name); }
    @Override public String cookie(String name) { return request.cookie(name); }
    @Override public Map<String, String> cookies() { return request.cookies(); }
    @Override public String contentType() { return request.contentType(); }
    @Override public byte[] bodyBytes() { return request.bodyBytes(); }
    @Override public <T> T body(Class<T> type) { return request.body(type); }
    @Override public Map<String, List<String>> form() { return request.form(); }
    @Override public List<UploadedFile> files() { return request.files(); }
    @Override public String remoteAddress() { return request.remoteAddress(); }
    @Override public boolean secure() { return request.secure(); }
    @Override public FormState formState(ActionRef action) { return request.formState(action); }
    @Override public dev.arbor.Session session() { return request.session(); }
    @Override public String bearerToken() { return request.bearerToken(); }
    @Override public dev.arbor.Identity identity() { return request.identity(); }
    @Override public <T> T cache(String key, List<String> tags, java.util.function.Supplier<T> loader) {
        return request.cache(key, tags, loader);
    }
}
