package shop;

/**
 * What the Stripe webhook route needs from the settings: the endpoint's signing secret ({@code whsec_…}), or
 * {@code null} when none is configured. Kept apart from {@link ShopConfig} so that route sees nothing else.
 */
public record StripeSettings(String webhookSecret) {
    @Override
    public String toString() {
        return "StripeSettings[webhookSecret=" + (webhookSecret == null ? "none" : "(hidden)") + "]";
    }
}
