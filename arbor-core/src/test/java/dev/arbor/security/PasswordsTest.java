package dev.arbor.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void aHashIsArgon2idAtOwaspCostWithItsOwnSalt() {
        String first = Passwords.hash("correct horse battery staple");
        String second = Passwords.hash("correct horse battery staple");
        assertThat(first).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theRightPasswordVerifiesAndOthersDoNot() {
        String stored = Passwords.hash("s3cret!");
        assertThat(Passwords.verify("s3cret!", stored)).isTrue();
        assertThat(Passwords.verify("s3cret", stored)).isFalse();
        assertThat(Passwords.verify("S3cret!", stored)).isFalse();
    }

    @Test
    void aMissingOrMalformedHashNeverVerifies() {
        assertThat(Passwords.verify("anything", null)).isFalse();
        assertThat(Passwords.verify("anything", "plain-text")).isFalse();
        assertThat(Passwords.verify("arbor-timing-equaliser", null)).isFalse();
        String stored = Passwords.hash("s3cret!");
        String tampered = stored.substring(0, stored.length() - 2) + (stored.endsWith("A") ? "BB" : "AA");
        assertThat(Passwords.verify("s3cret!", tampered)).isFalse();
    }

    @Test
    void aHashAskingForAbsurdCostIsRefusedRatherThanComputed() {
        assertThat(Passwords.verify("x", "$argon2id$v=19$m=9999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    }
}
