package dev.arbor.internal.bind;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The spellings of form text that {@link FormRecord} converts without Jackson: only the plain ones, whose value is
 * the same whichever path reads them. Anything else is left to Jackson's form mapper.
 */
final class FormText {
    private FormText() {}

    /**
     * Whether {@code text} is a whole number in its plain spelling, {@code 0} or {@code -?[1-9][0-9]*}, of at most
     * {@code maxDigits} digits (so it fits the type). Jackson also reads "+1", " 1", "007" or "1e3" its own way, and
     * decides those.
     */
    static boolean isWhole(String text, int maxDigits) {
        int start = text.startsWith("-") ? 1 : 0;
        int digits = digits(text, start);
        return digits > 0 && digits <= maxDigits && start + digits == text.length()
                && (text.charAt(start) != '0' || text.length() == 1);
    }

    /** Whether {@code text} is {@code -?(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?}: exact as a double, short of every limit. */
    static boolean isDecimal(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        int whole = digits(text, start);
        if (whole == 0 || whole > 15 || (text.charAt(start) == '0' && whole > 1)) {
            return false;
        }
        int end = start + whole;
        if (end == text.length()) {
            return true;
        }
        int fraction = text.charAt(end) == '.' ? digits(text, end + 1) : 0;
        return fraction > 0 && fraction <= 15 && end + 1 + fraction == text.length();
    }

    /** The ASCII digits in {@code [from, to)} as a number. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** How many ASCII digits follow {@code from}. */
    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    private static boolean isDate(String text) {
        return text.length() == 10 && digits(text, 0) == 4 && text.charAt(4) == '-' && digits(text, 5) == 2
                && text.charAt(7) == '-' && digits(text, 8) == 2;
    }

    /** A checkbox's text as {@link FormBoolean} reads it (its one home), or null for anything else. */
    static Boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> Boolean.TRUE;
            case "false", "off", "no", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** An ISO date in its plain spelling ({@code 2024-02-29}), or null for anything else. */
    static LocalDate date(String text) {
        if (!isDate(text)) {
            return null;
        }
        try {
            // What ISO_LOCAL_DATE's strict parse gives for these ten characters, without a parser's objects.
            return LocalDate.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Blank as Jackson means it: nothing but spaces and control characters. */
    static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > ' ') {
                return false;
            }
        }
        return true;
    }
}
