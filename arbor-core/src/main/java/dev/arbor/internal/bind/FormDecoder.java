package dev.arbor.internal.bind;

import dev.arbor.HttpError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} bytes (also used for query strings) into fields,
 * with a bound on the number of fields. Malformed escapes and invalid UTF-8 are refused with 400 rather
 * than guessed at, so that two parsers never read the same bytes two ways.
 */
public final class FormDecoder {
    private FormDecoder() {}

    /** The fields in order of first appearance; repeated names keep every value. */
    public static Map<String, List<String>> decode(byte[] body, int maxFields) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end > start) {
                if (++count > maxFields) {
                    throw new HttpError(413, "Too many form fields: at most " + maxFields);
                }
                int eq = indexOf(body, (byte) '=', start, end);
                String name;
                String value;
                if (eq < end) {
                    name = decodeComponent(body, start, eq);
                    value = decodeComponent(body, eq + 1, end);
                } else {
                    name = decodeComponent(body, start, end);
                    value = "";
                }
                fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return fields;
    }

    /** Whether the bytes need no decoding: ASCII without '%' or '+' (the common {@code page=1&size=20}). */
    private static boolean isPlainAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b < 0 || b == '%' || b == '+') {
                return false;
            }
        }
        return true;
    }

    /** The index of {@code wanted} in {@code [from, to)}, or {@code to}. */
    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    private static String decodeComponent(byte[] bytes, int from, int to) {
        if (isPlainAscii(bytes, from, to)) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw HttpError.badRequest("Malformed form body: incomplete %-escape");
                }
                int high = Character.digit(bytes[i + 1], 16);
                int low = Character.digit(bytes[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw HttpError.badRequest("Malformed form body: invalid %-escape");
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("Malformed form body: not UTF-8");
        }
    }
}
