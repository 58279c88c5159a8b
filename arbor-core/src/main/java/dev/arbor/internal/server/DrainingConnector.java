package dev.arbor.internal.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * A connector whose graceful shutdown works like Go's {@code Server.Shutdown}: it stops accepting and closes
 * every connection soon after it has nothing left to do. A connection whose request head has begun arriving, or
 * whose request is still being handled (reading its body, writing its answer), keeps its normal idle timeout, so
 * the head gets its 503 and the upload or download in progress its end, instead of a silent close.
 *
 * <p>Jetty's own shutdown idle timeout shortens every connection's idle timeout once, alike: a client that paused
 * for a moment in the middle of a request head lost its connection without an answer, and an upload that stalled
 * for 100 ms failed.
 */
final class DrainingConnector extends ServerConnector {
    /** How long a connection that is not receiving a request head may stay quiet once the drain starts. */
    private static final long IDLE_GRACE_MILLIS = 100;

    DrainingConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
        setShutdownIdleTimeout(-1); // negative: Jetty leaves idle timeouts alone; the sweep below chooses
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> drained = super.shutdown();
        sweep(drained);
        return drained;
    }

    /** Repeats while the drain lasts, because a head completes (and a 503 is sent) after the first sweep. */
    private void sweep(CompletableFuture<Void> drained) {
        if (drained.isDone() || !isRunning()) {
            return;
        }
        for (EndPoint endPoint : getConnectedEndPoints()) {
            // Each sweep decides afresh: a connection shortened while idle may have begun a head since.
            endPoint.setIdleTimeout(busy(endPoint.getConnection()) ? getIdleTimeout() : IDLE_GRACE_MILLIS);
        }
        try {
            getScheduler().schedule(() -> sweep(drained), IDLE_GRACE_MILLIS / 2, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // The connector is stopping; every connection is about to be closed anyway.
        }
    }

    /** Receiving a request head, or handling a request; either way not to be cut short. */
    private static boolean busy(Connection connection) {
        if (connection instanceof SslConnection tls) {
            connection = tls.getSslEndPoint().getConnection();
        }
        if (!(connection instanceof HttpConnection http)) {
            return false;
        }
        if (http.getHttpChannel().getRequest() != null) {
            return true;
        }
        HttpParser parser = http.getParser();
        return parser.getState() != HttpParser.State.START && parser.inHeaderState();
    }
}
