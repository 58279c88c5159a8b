package dev.arbor.internal.action;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Cipher;

/**
 * AES/GCM/NoPadding ciphers lent to one caller at a time: a fixed array of slots taken and given back with
 * atomic swaps, so borrowing allocates nothing and never blocks (an empty pool makes a new cipher; a full one
 * drops what is given back). Not a ThreadLocal: on virtual threads that would keep a cipher per request thread.
 * Package-private: only {@link Keys} borrows from it.
 */
final class CipherPool {
    static final int SLOTS = Math.min(64, Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));
    private final AtomicReferenceArray<Cipher> slots = new AtomicReferenceArray<>(SLOTS);

    Cipher borrow() {
        int start = probe();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) % SLOTS;
            if (slots.getPlain(slot) != null) {
                Cipher taken = slots.getAndSet(slot, null);
                if (taken != null) {
                    return taken;
                }
            }
        }
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void giveBack(Cipher cipher) {
        int start = probe();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) % SLOTS;
            if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, cipher)) {
                return;
            }
        }
    }

    /** How many ciphers wait in the pool (for tests). */
    int idle() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    private static int probe() {
        return (int) (Thread.currentThread().threadId() % SLOTS);
    }
}
