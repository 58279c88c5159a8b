package dev.arbor.it;

import dev.arbor.SseStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared state the test routes record into, so tests can see what ran. */
public final class Fixtures {
    public final List<Object> created = new CopyOnWriteArrayList<>();
    public final AtomicInteger invocations = new AtomicInteger();
    public final Set<SseStream> subscribers = ConcurrentHashMap.newKeySet();
    public final AtomicInteger closedStreams = new AtomicInteger();
    public volatile CountDownLatch slowEntered = new CountDownLatch(1);
    /** Counted down when {@code /api/slow?ms=…} starts sleeping: the process tests wait for it instead of guessing. */
    public final CountDownLatch timedSlowEntered = new CountDownLatch(1);
    public volatile CountDownLatch slowRelease = new CountDownLatch(1);
}
