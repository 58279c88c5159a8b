import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The client half of benchmarks/alloc.sh (its header documents the method). Run with the JDK's source launcher so
 * that it needs nothing from the jar under measurement:
 *
 * <pre>java benchmarks/alloc/AllocProbe.java PID BASE_URL SCENARIO...</pre>
 *
 * Attaches to the server process PID, starts its local JMX agent, and reads
 * {@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()}: every byte the JVM's threads have
 * allocated since start, exited threads included. Virtual threads allocate in their carrier's TLAB, so the figure
 * covers them. Per scenario: WARMUP requests, then ROUNDS rounds of REQUESTS requests each (system properties
 * alloc.warmup, alloc.rounds, alloc.requests), one keep-alive connection, one request at a time. Each round's
 * figure is (allocated after - allocated before - the cost of one reading) / REQUESTS. Every answer's status is
 * checked, so an error path is never measured by mistake. Prints one {@code ALLOC_RESULT} line per scenario.
 */
public final class AllocProbe {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final ThreadMXBean threads;
    private final String host;
    private final int port;
    private final String origin;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    private AllocProbe(ThreadMXBean threads, URI base) {
        this.threads = threads;
        this.host = base.getHost();
        this.port = base.getPort();
        this.origin = base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java AllocProbe.java PID BASE_URL SCENARIO... (product, fortunes, action, action-enhanced, plaintext)");
            System.exit(2);
        }
        int warmup = Integer.getInteger("alloc.warmup", 10_000);
        int rounds = Integer.getInteger("alloc.rounds", 5);
        int requests = Integer.getInteger("alloc.requests", 2_000);
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection connection = jmx.getMBeanServerConnection();
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection,
                    ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
                throw new IllegalStateException("the server's JVM does not count allocated bytes per thread");
            }
            AllocProbe probe = new AllocProbe(threads, URI.create(args[1]));
            for (String scenario : Arrays.copyOfRange(args, 2, args.length)) {
                probe.measure(scenario, warmup, rounds, requests);
            }
        }
    }

    private void measure(String scenario, int warmup, int rounds, int requests) throws IOException, InterruptedException {
        byte[] request = request(scenario);
        int expected = switch (scenario) {
            case "action" -> 303;
            case "action-enhanced" -> 204;
            default -> 200;
        };
        connect();
        for (int i = 0; i < warmup; i++) {
            exchange(request, expected);
        }
        long readCost = readCost();
        double idle = idleBytesPerSecond();
        double[] perRequest = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long before = threads.getTotalThreadAllocatedBytes();
            for (int i = 0; i < requests; i++) {
                exchange(request, expected);
            }
            long after = threads.getTotalThreadAllocatedBytes();
            if (Boolean.getBoolean("alloc.threads")) {
                byThread(requests);
            }
            perRequest[round] = (after - before - readCost) / (double) requests;
        }
        socket.close();
        double[] sorted = perRequest.clone();
        Arrays.sort(sorted);
        StringBuilder each = new StringBuilder();
        for (double value : perRequest) {
            each.append(each.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.0f", value));
        }
        System.out.printf(Locale.ROOT, "ALLOC_RESULT scenario=%s median_bytes=%.0f min_bytes=%.0f max_bytes=%.0f rounds=%s"
                        + " requests=%d warmup=%d read_cost_bytes=%d idle_bytes_per_s=%.0f%n",
                scenario, sorted[rounds / 2], sorted[0], sorted[rounds - 1], each, requests, warmup, readCost, idle);
    }

    private java.util.Map<String, Long> lastByThread = new java.util.TreeMap<>();

    /** Debugging aid: bytes per request by thread name (digits folded), since the last call. */
    private void byThread(int requests) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        java.util.Map<String, Long> now = new java.util.TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null) {
                now.merge(infos[i].getThreadName().replaceAll("[0-9]+", "N"), bytes[i], Long::sum);
            }
        }
        StringBuilder line = new StringBuilder("  by thread:");
        now.forEach((name, total) -> {
            long delta = (total - lastByThread.getOrDefault(name, 0L)) / requests;
            if (delta > 10) {
                line.append(' ').append(name).append('=').append(delta);
            }
        });
        lastByThread = now;
        System.err.println(line);
    }

    /** What one reading of the counter allocates in the server (JMX over RMI), the least of several back-to-back. */
    private long readCost() {
        long least = Long.MAX_VALUE;
        long previous = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < 10; i++) {
            long now = threads.getTotalThreadAllocatedBytes();
            least = Math.min(least, now - previous);
            previous = now;
        }
        return least;
    }

    /** What the server allocates with no request at all (timers, pools): printed, to show it is negligible. */
    private double idleBytesPerSecond() throws InterruptedException {
        long start = System.nanoTime();
        long before = threads.getTotalThreadAllocatedBytes();
        Thread.sleep(1_000);
        long after = threads.getTotalThreadAllocatedBytes();
        return (after - before) / ((System.nanoTime() - start) / 1e9);
    }

    /** The request's bytes, as wrk sends them from benchmarks/scenario.lua, plus the anchor cookie for actions. */
    private byte[] request(String scenario) throws IOException {
        String hostHeader = host + ":" + port;
        return switch (scenario) {
            case "plaintext" -> get("/bench/plaintext", hostHeader);
            case "product" -> get("/api/products/1", hostHeader);
            case "fortunes" -> get("/bench/fortunes", hostHeader);
            case "action", "action-enhanced" -> action(hostHeader, scenario.equals("action-enhanced"));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    private static byte[] get(String path, String hostHeader) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The board form as a browser posts it: every hidden field of the page (action id, sealed board id, CSRF token
     * when the server renders one) and a note, from the page's own origin, with the cookies the page set (whatever
     * their names: the CSRF anchor's name differs between builds).
     */
    private byte[] action(String hostHeader, boolean enhanced) throws IOException {
        connect();
        Answer page = exchange(get("/bench/board", hostHeader), 200);
        socket.close();
        String html = new String(page.body(), StandardCharsets.UTF_8);
        StringBuilder form = new StringBuilder();
        Matcher hidden = HIDDEN.matcher(html);
        while (hidden.find()) {
            form.append(encode(unescape(hidden.group(1)))).append('=').append(encode(unescape(hidden.group(2)))).append('&');
        }
        if (form.isEmpty()) {
            throw new IllegalStateException("no hidden fields in the board form");
        }
        form.append("text=A+note+from+the+benchmark");
        byte[] body = form.toString().getBytes(StandardCharsets.US_ASCII);
        StringBuilder head = new StringBuilder("POST /bench/board HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n")
                .append("Content-Type: application/x-www-form-urlencoded\r\n")
                .append("Origin: ").append(origin).append("\r\n");
        if (enhanced) {
            head.append("Arbor-Enhanced: 1\r\n");
        }
        if (!page.cookies().isEmpty()) {
            head.append("Cookie: ").append(String.join("; ", page.cookies())).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        System.err.println("action request: " + form.length() + " bytes of form, cookies " + page.cookies().stream()
                .map(c -> c.substring(0, c.indexOf('='))).toList());
        return all;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    private record Answer(int status, List<String> cookies, byte[] body) {}

    /** Sends one request and reads its whole answer (Content-Length or chunked), failing on an unexpected status. */
    private Answer exchange(byte[] request, int expected) throws IOException {
        out.write(request);
        out.flush();
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        List<String> cookies = new ArrayList<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "set-cookie" -> cookies.add(value.split(";", 2)[0].trim());
                case "connection" -> close = value.toLowerCase(Locale.ROOT).contains("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            copy(length, body);
        }
        if (close) {
            socket.close();
            connect();
        }
        if (status != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + statusLine + ": "
                    + new String(body.toByteArray(), StandardCharsets.UTF_8));
        }
        return new Answer(status, cookies, body.toByteArray());
    }

    private void copy(long size, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        while (size > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, size));
            if (read < 0) {
                throw new IOException("the server closed the connection mid-answer");
            }
            body.write(buffer, 0, read);
            size -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
