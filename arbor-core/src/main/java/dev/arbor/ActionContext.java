package dev.arbor;

/**
 * What an action sees of its request, plus what it may ask of the framework: drop cached pages so the next
 * render shows fresh data.
 */
public interface ActionContext extends Request {
    /** Drops the cached renders of this path (such as {@code /posts}) so the next request renders anew. */
    @Override
    void revalidatePath(String path);

    /** Drops every cached page and data entry tagged with {@code tag}. */
    @Override
    void revalidateTag(String tag);
}
