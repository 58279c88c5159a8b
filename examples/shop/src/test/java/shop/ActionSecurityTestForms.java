package shop;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the hidden fields of a rendered action form, as a browser would submit them. */
final class ActionSecurityTestForms {
    private ActionSecurityTestForms() {}

    /** {@code _action=…&_csrf=…[&_bound=…]} of the first form on the page. */
    static String firstForm(String html) {
        Matcher form = Pattern.compile("<form[^>]*>(.*?)</form>", Pattern.DOTALL).matcher(html);
        if (!form.find()) {
            throw new AssertionError("no form in the page");
        }
        StringBuilder body = new StringBuilder();
        Matcher hidden = Pattern.compile("type=\"hidden\" name=\"(_[a-z]+)\" value=\"([^\"]*)\"").matcher(form.group(1));
        while (hidden.find()) {
            body.append(body.isEmpty() ? "" : "&").append(hidden.group(1)).append('=')
                    .append(URLEncoder.encode(hidden.group(2), StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
