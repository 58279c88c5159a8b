package dev.arbor;

/** Parses request text into numbers, answering 400 with the value's name when it is not one. */
final class Values {
    private Values() {}

    static long parseLong(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw HttpError.badRequest(what + " must be a whole number");
        }
    }

    static int parseInt(String value, String what) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw HttpError.badRequest(what + " must be a whole number");
        }
    }
}
