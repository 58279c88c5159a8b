package dev.arbor.internal.server;

import dev.arbor.internal.http.ForwardedScheme;
import dev.arbor.internal.http.TrustedProxies;
import java.net.URI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server around the app's handler: its thread pool (selectors and acceptors only; handlers run on
 * virtual threads), one connector (HTTP/1.1, or over TLS), the header-read deadline, the graceful handler that
 * answers 503 while stopping, and the error handler for what Jetty itself refuses. Built once per start; the
 * caller ({@code Arbor}) serializes {@link #start} and {@link #stop}.
 */
public final class JettyServer {
    private final Server server;
    private final ServerConnector connector;
    private final TrustedProxies proxies;
    private final String host;
    private final boolean tls;

    /** Builds the server, not yet listening; first of all that start builds, for {@link #avoidJmxAtStartUp}. */
    public JettyServer(Settings settings) {
        avoidJmxAtStartUp();
        QueuedThreadPool jettyThreads = new QueuedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4), 4);
        jettyThreads.setName("arbor-jetty");
        server = new Server(jettyThreads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty matches a header line against those already seen on the connection ignoring case by default,
        // so "Bearer abcD" after "Bearer abcd" was read as the earlier token; credentials are case-sensitive.
        http.setHeaderCacheCaseSensitive(true);
        http.setRequestHeaderSize(settings.limits.maxHeaderSize());
        http.setResponseHeaderSize(16 * 1024);
        // Parsed once here (the settings only checked them) and shared by every reader of forwarded headers.
        proxies = TrustedProxies.of(settings.trustedProxies);
        http.addCustomizer(new ForwardedScheme(proxies));
        tls = settings.keyStore != null;
        connector = tls ? tlsConnector(settings, http) : new DrainingConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host);
        connector.setPort(settings.port);
        connector.setIdleTimeout(settings.limits.idleTimeout().toMillis());
        // The JDK's default backlog of 50 overflows when hundreds of clients connect at once, and a dropped
        // SYN costs the client a 1 s retransmit; the kernel still caps this at net.core.somaxconn.
        connector.setAcceptQueueSize(1024);
        connector.addBean(new HeaderDeadline(settings.limits.headerReadTimeout(), connector.getScheduler()));
        server.addConnector(connector);
        server.setErrorHandler(new ErrorResponder());
        server.setStopTimeout(settings.shutdownTimeout.toMillis());
        host = settings.host == null || settings.host.equals("0.0.0.0") ? "localhost" : settings.host;
    }

    /**
     * HTTP/1.1 over TLS, without ALPN: Jetty's defaults already refuse SSLv3, TLS 1.0/1.1 and weak ciphers.
     * {@code SecureRequestCustomizer} marks requests secure and refuses a {@code Host} the certificate does not
     * cover (400), so a certificate cannot be used to reach another name served by the same process.
     */
    private ServerConnector tlsConnector(Settings settings, HttpConfiguration http) {
        http.addCustomizer(new SecureRequestCustomizer());
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStorePath(settings.keyStore.toString());
        factory.setKeyStorePassword(settings.keyStorePassword);
        return new DrainingConnector(server, new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
    }

    /**
     * Jetty's {@code MemoryUtils} asks the JMX platform MBean server whether references are compressed, which
     * starts JMX and its diagnostic commands: about half a second of a 2-CPU machine's start-up, on the first
     * Jetty class that pads for cache lines. Given the answer as a system property, it skips that. A heap under
     * 32 GiB means compressed references on HotSpot; a wrong guess only changes padding, never behaviour.
     */
    private static void avoidJmxAtStartUp() {
        String property = "org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(property) == null) {
            boolean compressed = Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024;
            System.setProperty(property, String.valueOf(64 / (compressed ? 4 : 8)));
        }
    }

    /** The proxies whose forwarded headers are believed, for the app's readers of the client's address. */
    public TrustedProxies proxies() {
        return proxies;
    }

    /** Opens the port; from here on requests reach {@code app}. */
    public void start(Handler app) throws Exception {
        server.setHandler(new GracefulHandler(app));
        server.start();
    }

    /** Stops gracefully: new requests 503, requests in flight finish within the shutdown timeout. */
    public void stop() throws Exception {
        server.stop();
    }

    /** Stops if still running, for a start that failed or a stop that threw; the first error is the one reported. */
    public void stopQuietly() {
        try {
            if (server.isRunning()) {
                server.stop();
            }
        } catch (Exception ignored) {
            // Already failing or stopping.
        }
    }

    public void join() throws InterruptedException {
        server.join();
    }

    /** The port listened on: the one picked when configured as 0. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Such as {@code http://localhost:3000}; {@code https://…} when serving TLS. */
    public URI uri() {
        return URI.create((tls ? "https://" : "http://") + host + ":" + port());
    }
}
