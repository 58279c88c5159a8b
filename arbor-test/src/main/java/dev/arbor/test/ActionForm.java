package dev.arbor.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An action form as a page rendered it, read the way a browser would submit it: the hidden fields
 * ({@code _action}, {@code _csrf}, {@code _bound}) and the CSRF anchor cookie the page set ({@code __Host-arbor_csrf} over HTTPS). Lets a test call a
 * server action over plain HTTP, or tamper with exactly one part of it.
 *
 * <pre>{@code
 * ActionForm form = ActionForm.of(client.get("/posts/new"), 0);
 * TestResponse answer = form.submit(client, "/posts/new", "title=Hi&content=There");
 * }</pre>
 *
 * @param action the action id
 * @param csrf the CSRF token
 * @param bound the sealed bound values, or {@code null}
 * @param cookie the {@code name=value} of the session cookie, or {@code null} if the page set none
 */
public record ActionForm(String action, String csrf, String bound, String cookie) {
    private static final Pattern FORM = Pattern.compile("<form[^>]*data-arbor-action[^>]*>(.*?)</form>", Pattern.DOTALL);

    /** The {@code index}-th action form (from 0) of a rendered page. */
    public static ActionForm of(TestResponse page, int index) {
        Matcher forms = FORM.matcher(page.body());
        for (int i = 0; i <= index; i++) {
            if (!forms.find()) {
                throw new AssertionError("the page has no action form number " + index + ":\n" + page.body());
            }
        }
        String html = forms.group(1);
        String cookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("arbor_csrf=") || c.startsWith("__Host-arbor_csrf="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
        return new ActionForm(hidden(html, "_action"), hidden(html, "_csrf"), hidden(html, "_bound"), cookie);
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    /** The same form with other parts, for tampering tests. */
    public ActionForm with(String newAction, String newCsrf, String newBound) {
        return new ActionForm(newAction, newCsrf, newBound, cookie);
    }

    /** The urlencoded body: the hidden fields, then {@code fields} (already encoded, such as {@code a=1&b=2}). */
    public String body(String fields) {
        StringBuilder body = new StringBuilder("_action=").append(encode(action));
        if (csrf != null) {
            body.append("&_csrf=").append(encode(csrf));
        }
        if (bound != null) {
            body.append("&_bound=").append(encode(bound));
        }
        return fields.isEmpty() ? body.toString() : body.append('&').append(fields).toString();
    }

    /** Posts the form to {@code path} with the session cookie and any extra headers (name/value pairs). */
    public TestResponse submit(TestClient client, String path, String fields, String... headers) {
        String[] all = headers;
        if (cookie != null) {
            all = java.util.Arrays.copyOf(headers, headers.length + 2);
            all[headers.length] = "Cookie";
            all[headers.length + 1] = cookie;
        }
        return client.postForm(path, body(fields), all);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
