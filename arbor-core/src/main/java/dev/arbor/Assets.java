package dev.arbor;

import dev.arbor.internal.http.StaticAssets;

/**
 * Static files from the classpath folder {@code static/} (in Maven: {@code src/main/resources/static}),
 * served under {@code /static/} with their content hash in the name, so browsers cache them for a year and
 * a changed file gets a new URL.
 *
 * <pre>{@code
 * <link rel="stylesheet" href="${Assets.url("css/shop.css")}">   <!-- /static/css/shop.3f9a1c0b2d4e.css -->
 * }</pre>
 */
public final class Assets {
    private Assets() {}

    /** The hashed URL of {@code static/<path>}; fails if there is no such file, so a typo shows at once. */
    public static String url(String path) {
        return StaticAssets.url(path);
    }
}
