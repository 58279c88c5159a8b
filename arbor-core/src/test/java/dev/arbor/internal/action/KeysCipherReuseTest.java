package dev.arbor.internal.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/** Sealing and opening reuse AES-GCM ciphers through {@link CipherPool}: reuse must change nothing a caller sees. */
class KeysCipherReuseTest {
    private final Keys keys = TestKeys.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void aReusedCipherStillSealsWithAFreshIvEveryTime() {
        byte[] plain = "[42]".getBytes(StandardCharsets.UTF_8);
        Set<String> ivs = new HashSet<>();
        Set<String> sealed = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String s = keys.seal("action", plain);
            byte[] all = Base64.getUrlDecoder().decode(s);
            ivs.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(all, 13, 25)));
            sealed.add(s);
            assertThat(keys.open("action", s)).isEqualTo(plain);
        }
        assertThat(ivs).hasSize(200);
        assertThat(sealed).hasSize(200);
    }

    @Test
    void aFailedOpenDoesNotSpoilTheNextOne() {
        String good = keys.seal("action", new byte[] {1, 2, 3});
        byte[] all = Base64.getUrlDecoder().decode(good);
        all[all.length - 1] ^= 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> keys.open("action", altered)).isInstanceOf(HttpError.class);
            assertThatThrownBy(() -> keys.open("another purpose", good)).isInstanceOf(HttpError.class);
            assertThat(keys.open("action", good)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void manyVirtualThreadsSealAndOpenAtOnce() throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 64; t++) {
                int n = t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        byte[] plain = ("value " + n + "/" + i).getBytes(StandardCharsets.UTF_8);
                        String purpose = "action-" + (i % 3);
                        if (!java.util.Arrays.equals(keys.open(purpose, keys.seal(purpose, plain)), plain)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
        }
        for (Future<Boolean> r : results) {
            assertThat(r.get()).isTrue();
        }
    }

    @Test
    void thePoolLendsEachCipherToOneCallerAndKeepsAtMostItsSlots() throws Exception {
        CipherPool pool = new CipherPool();
        Cipher a = pool.borrow();
        Cipher b = pool.borrow();
        assertThat(a).isNotSameAs(b);
        pool.giveBack(a);
        assertThat(pool.idle()).isEqualTo(1);
        assertThat(pool.borrow()).isSameAs(a);
        assertThat(pool.idle()).isZero();
        for (int i = 0; i < CipherPool.SLOTS + 5; i++) {
            pool.giveBack(Cipher.getInstance("AES/GCM/NoPadding"));
        }
        assertThat(pool.idle()).isEqualTo(CipherPool.SLOTS);
    }
}
