package dev.arbor.internal.http;

import dev.arbor.Cookie;
import dev.arbor.HttpError;
import dev.arbor.Response;
import dev.arbor.internal.action.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The flash: one message a plain form post leaves for the next view of its page (it answered 303 there). It
 * travels in a cookie the client can neither read nor forge: sealed with the key ring (AES-256-GCM), for the
 * visitor's CSRF anchor only (a captured cookie says nothing in another browser), for two minutes. It names the
 * action by its public id, never by its class or method. The cookie is made here only, by {@link #leave}.
 */
final class Flash {
    static final String COOKIE = "arbor_flash";
    static final Duration LIFETIME = Duration.ofMinutes(2);
    private static final String PURPOSE = "arbor/flash/";

    /**
     * A message, and the public id of the action whose form it belongs to ({@code ""} when it is the page's own,
     * such as "this page was out of date").
     */
    record Message(String actionId, String text) {}

    private Flash() {}

    /**
     * Leaves {@code message} for the page view after {@code answer}, sealed for the visitor's anchor: the one a login
     * or logout in this request chose, else the one the post came with, else a new one the answer sets.
     */
    static Response leave(Keys keys, Exchange exchange, Response answer, Message message) {
        return answer.cookie(cookie(keys, exchange.anchorOrMint(), message));
    }

    /** The message the visitor's flash cookie carries to this page view, or null. */
    static Message read(Keys keys, Exchange exchange) {
        String sealed = exchange.request().cookie(COOKIE);
        return sealed == null ? null : read(keys, exchange.anchor(), sealed);
    }

    /** Deletes the flash cookie with {@code answer}: its message was shown. */
    static void shown(Response answer) {
        answer.cookie(Cookie.delete(COOKIE));
    }

    /** The cookie carrying {@code message} to the next page view of the visitor whose anchor is {@code anchor}. */
    static Cookie cookie(Keys keys, String anchor, Message message) {
        byte[] plain = (message.actionId() + "\n" + message.text()).getBytes(StandardCharsets.UTF_8);
        return Cookie.of(COOKIE, keys.seal(PURPOSE + anchor, plain, LIFETIME)).maxAge(LIFETIME);
    }

    /** The message of a flash cookie, or null if there is none, or it is altered, expired or another visitor's. */
    static Message read(Keys keys, String anchor, String sealed) {
        if (sealed == null || anchor == null) {
            return null;
        }
        String text;
        try {
            text = new String(keys.open(PURPOSE + anchor, sealed), StandardCharsets.UTF_8);
        } catch (HttpError notOurs) {
            return null;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? null : new Message(text.substring(0, newline), text.substring(newline + 1));
    }
}
