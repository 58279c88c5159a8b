package shop.data;

/** Money as the shop shows it. Amounts are integer cents everywhere; only this class turns them into text. */
public final class Money {
    private Money() {}

    /** {@code 1234} → {@code $12.34}. */
    public static String format(long cents) {
        return (cents < 0 ? "-$" : "$") + Math.abs(cents) / 100 + "." + String.format("%02d", Math.abs(cents) % 100);
    }
}
