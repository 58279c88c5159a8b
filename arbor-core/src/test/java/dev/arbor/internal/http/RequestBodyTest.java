package dev.arbor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbor.HttpError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How a body is read into memory: never an array the size of what the client only declared. */
class RequestBodyTest {
    /** A client that declared a length and sends {@code sent} bytes, then hangs up; records the arrays it was read into. */
    private static final class Recording extends InputStream {
        private final byte[] data;
        private int position;
        int largestArray;

        Recording(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            largestArray = Math.max(largestArray, b.length);
            if (position == data.length) {
                throw new IOException("the client hung up");
            }
            // A few bytes at a time, as they arrive over a network.
            int n = Math.min(Math.min(len, 1000), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }

    private static byte[] random(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }

    @Test
    void aLargeDeclaredLengthIsNotAllocatedBeforeItsBytesArrive() {
        Recording client = new Recording(random(10));
        assertThatThrownBy(() -> RequestBody.read(client, 1 << 20, 1 << 20)).isInstanceOf(IOException.class);
        assertThat(client.largestArray).as("the array a 1 MiB declared body with 10 bytes sent was read into").isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void aLargeBodyIsReadWholeGrowingAsItArrives() throws IOException {
        byte[] data = random(1_000_003);
        Recording client = new Recording(data);
        byte[] read = RequestBody.read(client, data.length, 1 << 20);
        assertThat(read).hasSize(data.length);
        assertThat(Arrays.equals(read, data)).isTrue();
    }

    @Test
    void aSmallBodyIsReadIntoOneArrayOfItsLength() throws IOException {
        byte[] data = random(5_000);
        byte[] read = RequestBody.read(new ByteArrayInputStream(data), data.length, 1 << 20);
        assertThat(read).isEqualTo(data);
    }

    @Test
    void aBodyEndingBeforeItsDeclaredLengthIsAnError() {
        assertThatThrownBy(() -> RequestBody.read(new ByteArrayInputStream(random(100_000)), 200_000, 1 << 20))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aDeclaredLengthNoArrayCanHoldIs413EvenUnderAHugeLimit() {
        assertThatThrownBy(() -> RequestBody.read(new ByteArrayInputStream(new byte[0]), 3_000_000_000L, 4L << 30))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(413));
    }
}
