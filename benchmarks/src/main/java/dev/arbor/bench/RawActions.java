package dev.arbor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbor.bench.app.NoteActions;
import jakarta.validation.Validator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The action scenario written by hand: what a careful developer would do on bare Jetty to get what Arbor's
 * {@code NoteActions.addNote} gets for free. The form carries an action name and the board id sealed with
 * AES-256-GCM (the action name as associated data); a post checks {@code Sec-Fetch-Site}/{@code Origin}
 * against the server's own origin, decodes the form, opens the sealed id, validates the note with the same
 * record and validator, writes the row and answers 303 (or, with {@code Arbor-Enhanced: 1}, 204 and the
 * target in a header, as Arbor's client runtime expects).
 */
final class RawActions {
    private static final String ACTION = "addNote-raw-baseline00"; // 22 characters, like an Arbor action id
    private static final long BOARD = 7;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BenchData data;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final SecretKeySpec key;

    RawActions(BenchData data, Validator validator, ObjectMapper mapper) {
        this.data = data;
        this.validator = validator;
        this.mapper = mapper;
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "AES");
    }

    void page(Request request, Response response, Callback callback) throws Exception {
        String html = "<!DOCTYPE html>\n<html><head><title>Board " + BOARD + "</title></head><body>\n<h1>Board " + BOARD + ": "
                + data.notes() + " notes</h1>\n<form method=\"post\" action=\"/bench/board\" id=\"add-note\">"
                + "<input type=\"hidden\" name=\"_action\" value=\"" + ACTION + "\">"
                + "<input type=\"hidden\" name=\"_bound\" value=\"" + seal(mapper.writeValueAsBytes(new long[] {BOARD})) + "\">"
                + "<label>Note <input name=\"text\"></label><button>Add</button></form>\n</body></html>\n";
        RawJettyServer.htmlHeaders(response);
        RawJettyServer.send(response, callback, 200, html.getBytes(StandardCharsets.UTF_8), "text/html;charset=utf-8");
    }

    void post(Request request, Response response, Callback callback) throws Exception {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String own = request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
        if (site != null ? !site.equals("same-origin") && !site.equals("none") : origin == null || !origin.equalsIgnoreCase(own)) {
            problem(response, callback, 403, "Cross-site request refused");
            return;
        }
        Fields form = FormFields.getFields(request, 1000, 1024 * 1024);
        if (!ACTION.equals(form.getValue("_action"))) {
            problem(response, callback, 409, "This page is out of date");
            return;
        }
        long board;
        try {
            board = mapper.readValue(open(form.getValue("_bound")), long[].class)[0];
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            problem(response, callback, 400, "The form's bound values were altered");
            return;
        }
        NoteActions.NewNote note = new NoteActions.NewNote(form.getValue("text"));
        if (!validator.validate(note).isEmpty()) {
            problem(response, callback, 422, "Write a note");
            return;
        }
        data.addNote(board, note.text());
        if ("1".equals(request.getHeaders().get("Arbor-Enhanced"))) {
            response.getHeaders().put("Arbor-Redirect", "/bench/board");
            response.setStatus(204);
            response.write(true, null, callback);
        } else {
            Response.sendRedirect(request, response, callback, 303, "/bench/board", true);
        }
    }

    private String seal(byte[] plaintext) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(ACTION.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
    }

    private byte[] open(String sealed) throws GeneralSecurityException {
        byte[] all = Base64.getUrlDecoder().decode(sealed);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
        cipher.updateAAD(ACTION.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
    }

    private static void problem(Response response, Callback callback, int status, String detail) {
        RawJettyServer.send(response, callback, status,
                ("{\"status\":" + status + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8),
                "application/problem+json");
    }
}
