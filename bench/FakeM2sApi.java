import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * A fake Manage2Soar email-lists API for benchmarking m2s-sync-aliases. Single file, JDK only (Java 21+):
 *
 * <pre>
 *   java bench/FakeM2sApi.java --port 0 --port-file /tmp/port --clubs 50 --lists 6 --members 300 --latency-ms 0
 * </pre>
 *
 * <ul>
 *   <li>{@code GET /c0000/api/email-lists/} ... {@code /c{clubs-1}/api/email-lists/}: club i's lists, with header
 *       {@code X-API-Key: bench-key} (else 401), after {@code --latency-ms}.</li>
 *   <li>{@code POST /_flip}: next generation; afterwards every list of every club differs. Answers once the new
 *       generation is rendered, so a benchmark's prepare step pays for the rendering, not the measured run.</li>
 *   <li>{@code GET /_health}: 200 once the bodies are rendered (503 before). {@code GET /_stats}: counters.</li>
 * </ul>
 *
 * Data is deterministic. Club i, generation g, member j (0 &lt;= j &lt; M) is {@code m{i}x{j}@mail{j%7}.example.net},
 * except that for g &gt; 0 member {@code g % M} is {@code m{i}x{j}g{g}@mail{j%7}.example.net}. Lists: {@code members}
 * (all M), then {@code instructors, towpilots, board, treasurer, list5, list6, ...}; list k &gt;= 1 holds M-1 members,
 * starting at offset s = (k*M/L + g) % M and leaving out member s, so lists differ from each other and between
 * generations. Whitelist = members + {@code guest{i}@partner.example.com}; bypass_lists = ["treasurer"] when L &gt;= 5.
 *
 * Bodies are rendered once per generation into byte arrays (5000 x 8 x 500 is about 0.7 GB; give the JVM -Xmx1600m).
 * While a flip runs, a request gets the old or the new body of its club.
 * The process exits when its parent (or {@code --watch-pid}) dies, or after {@code --max-seconds} (default 3600).
 */
public final class FakeM2sApi {

    static final String API_KEY = "bench-key";
    static final String[] NAMED_LISTS = {"members", "instructors", "towpilots", "board", "treasurer"};

    record Options(int port, Path portFile, int clubs, int lists, int members, long latencyMs, long maxSeconds,
                   long watchPid) {}

    /**
     * The rendered response bodies, indexed by club, and the generation they all have once a flip has finished.
     * A flip renders the next generation club by club into the same array, so only one generation is held.
     */
    record Generation(int number, AtomicReferenceArray<byte[]> bodies, long totalBytes) {}

    private static volatile Generation current;
    private static final Object FLIP_LOCK = new Object();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger UNAUTHORIZED = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle + delayed ACK can add
        // ~40 ms to a keep-alive request. Must be set before the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Options o = parse(args);
        long t0 = System.nanoTime();
        startWatchdogs(o, ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, o);
            } catch (Throwable t) {
                System.err.println("fake-m2s: handler error: " + t);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        if (o.portFile() != null) {
            Path tmp = o.portFile().resolveSibling(o.portFile().getFileName() + ".tmp");
            Files.writeString(tmp, port + "\n");
            Files.move(tmp, o.portFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.printf("fake-m2s: listening on http://127.0.0.1:%d/ (pid %d), rendering %d clubs x %d lists x %d members%n",
                port, ProcessHandle.current().pid(), o.clubs(), o.lists(), o.members());

        Generation g = render(o, 0, new AtomicReferenceArray<>(o.clubs()));
        current = g;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("fake-m2s: ready in %d ms, bodies %.1f MB, heap used %.1f MB%n",
                (System.nanoTime() - t0) / 1_000_000, g.totalBytes() / 1e6,
                (rt.totalMemory() - rt.freeMemory()) / 1e6);
        System.out.flush();
    }

    // ---------------------------------------------------------------- HTTP

    private static void handle(HttpExchange ex, Options o) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        switch (path) {
            case "/_health" -> {
                if (current == null) send(ex, 503, "{\"status\": \"rendering\"}");
                else send(ex, 200, "{\"status\": \"ok\", \"generation\": " + current.number() + "}");
                return;
            }
            case "/_stats" -> {
                Generation g = current;
                send(ex, 200, "{\"requests\": " + REQUESTS.get() + ", \"unauthorized\": " + UNAUTHORIZED.get()
                        + ", \"generation\": " + (g == null ? -1 : g.number()) + "}");
                return;
            }
            case "/_flip" -> {
                if (!method.equals("POST")) { send(ex, 405, "{\"detail\": \"POST only\"}"); return; }
                Generation next;
                synchronized (FLIP_LOCK) {
                    Generation g = current;
                    if (g == null) { send(ex, 503, "{\"detail\": \"not ready\"}"); return; }
                    next = render(o, g.number() + 1, g.bodies()); // in place: a club at a time
                    current = next;
                }
                send(ex, 200, "{\"generation\": " + next.number() + "}");
                return;
            }
            default -> { }
        }

        int club = clubIndex(path, o.clubs());
        if (club < 0) { send(ex, 404, "{\"detail\": \"Not found.\"}"); return; }
        if (!method.equals("GET")) { send(ex, 405, "{\"detail\": \"Method not allowed.\"}"); return; }
        REQUESTS.incrementAndGet();
        if (!API_KEY.equals(ex.getRequestHeaders().getFirst("X-API-Key"))) {
            UNAUTHORIZED.incrementAndGet();
            send(ex, 401, "{\"detail\": \"Invalid or missing API key.\"}");
            return;
        }
        Generation g = current;
        if (g == null) { send(ex, 503, "{\"detail\": \"not ready\"}"); return; }
        if (o.latencyMs() > 0) {
            try {
                Thread.sleep(o.latencyMs()); // a virtual thread: sleeping costs nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        send(ex, 200, g.bodies().get(club));
    }

    /** "/c0042/api/email-lists/" (trailing slash optional) -> 42; anything else -> -1. */
    static int clubIndex(String path, int clubs) {
        String suffix = "/api/email-lists";
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (!path.startsWith("/c") || !path.endsWith(suffix)) return -1;
        String digits = path.substring(2, path.length() - suffix.length());
        if (digits.length() < 4 || !digits.chars().allMatch(Character::isDigit)) return -1;
        try {
            int i = Integer.parseInt(digits);
            return i < clubs && digits.equals(prefixDigits(i)) ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String prefixDigits(int i) {
        return String.format("%04d", i);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    // ---------------------------------------------------------------- data

    static String listName(int k) {
        return k < NAMED_LISTS.length ? NAMED_LISTS[k] : "list" + k;
    }

    static Generation render(Options o, int gen, AtomicReferenceArray<byte[]> bodies) {
        long t0 = System.nanoTime();
        IntStream.range(0, o.clubs()).parallel().forEach(i -> bodies.set(i, renderClub(i, gen, o.lists(), o.members())));
        long total = IntStream.range(0, o.clubs()).mapToLong(i -> bodies.get(i).length).sum();
        if (gen > 0) {
            System.out.printf("fake-m2s: generation %d rendered in %d ms%n", gen, (System.nanoTime() - t0) / 1_000_000);
        }
        return new Generation(gen, bodies, total);
    }

    /** The quoted JSON string of member j of club i in generation g, as ASCII bytes. */
    static byte[] member(int i, int j, int gen, int members) {
        String replaced = gen > 0 && j == gen % members ? "g" + gen : "";
        return ("\"m" + i + "x" + j + replaced + "@mail" + (j % 7) + ".example.net\"").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] renderClub(int i, int gen, int lists, int members) {
        byte[][] m = new byte[members][];
        int memberBytes = 0;
        for (int j = 0; j < members; j++) {
            m[j] = member(i, j, gen, members);
            memberBytes += m[j].length + 2;
        }
        Buf b = new Buf((lists + 1) * memberBytes + lists * 24 + 256);
        b.put("{\"lists\": {");
        for (int k = 0; k < lists; k++) {
            if (k > 0) b.put(", ");
            b.put("\"").put(listName(k)).put("\": [");
            if (k == 0 || members < 2) {
                for (int j = 0; j < members; j++) {
                    if (j > 0) b.put(", ");
                    b.put(m[j]);
                }
            } else {
                int start = (int) (((long) k * members / lists + gen) % members);
                for (int n = 1; n < members; n++) { // n = 0 (member 'start') is left out
                    if (n > 1) b.put(", ");
                    b.put(m[(start + n) % members]);
                }
            }
            b.put("]");
        }
        b.put("}, \"whitelist\": [");
        for (int j = 0; j < members; j++) {
            b.put(m[j]).put(", ");
        }
        b.put("\"guest" + i + "@partner.example.com\"]");
        b.put(", \"bypass_lists\": [").put(lists > 4 ? "\"treasurer\"" : "").put("]}");
        return b.toArray();
    }

    /** A minimal growable byte buffer (ByteArrayOutputStream is synchronized and copies on toByteArray anyway). */
    static final class Buf {
        private byte[] a;
        private int n;

        Buf(int capacity) { a = new byte[Math.max(16, capacity)]; }

        Buf put(String s) { return put(s.getBytes(StandardCharsets.US_ASCII)); }

        Buf put(byte[] src) {
            if (n + src.length > a.length) a = Arrays.copyOf(a, Math.max(a.length * 2, n + src.length));
            System.arraycopy(src, 0, a, n, src.length);
            n += src.length;
            return this;
        }

        byte[] toArray() { return n == a.length ? a : Arrays.copyOf(a, n); }
    }

    // ---------------------------------------------------------------- lifetime

    private static void startWatchdogs(Options o, long parentAtStart) {
        Thread t = Thread.ofPlatform().daemon().name("fake-m2s-watchdog").start(() -> {
            long deadline = System.nanoTime() + o.maxSeconds() * 1_000_000_000L;
            while (true) {
                if (System.nanoTime() - deadline > 0) die("--max-seconds " + o.maxSeconds() + " reached");
                long parentNow = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (parentNow != parentAtStart) die("parent process " + parentAtStart + " is gone");
                if (o.watchPid() > 0 && ProcessHandle.of(o.watchPid()).map(ProcessHandle::isAlive).orElse(false) == false) {
                    die("watched process " + o.watchPid() + " is gone");
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.setPriority(Thread.MAX_PRIORITY);
    }

    private static void die(String why) {
        System.err.println("fake-m2s: exiting: " + why);
        Runtime.getRuntime().halt(0);
    }

    private static Options parse(String[] args) {
        int port = 0, clubs = 50, lists = 6, members = 300;
        long latency = 0, maxSeconds = 3600, watchPid = 0;
        Path portFile = null;
        for (int a = 0; a < args.length; a++) {
            String name = args[a];
            if (name.equals("-h") || name.equals("--help")) usage(0, null);
            if (a + 1 >= args.length) usage(2, "missing value for " + name);
            String v = args[++a];
            try {
                switch (name) {
                    case "--port" -> port = Integer.parseInt(v);
                    case "--port-file" -> portFile = Path.of(v);
                    case "--clubs" -> clubs = Integer.parseInt(v);
                    case "--lists" -> lists = Integer.parseInt(v);
                    case "--members" -> members = Integer.parseInt(v);
                    case "--latency-ms" -> latency = Long.parseLong(v);
                    case "--max-seconds" -> maxSeconds = Long.parseLong(v);
                    case "--watch-pid" -> watchPid = Long.parseLong(v);
                    default -> usage(2, "unknown option " + name);
                }
            } catch (NumberFormatException e) {
                usage(2, "not a number for " + name + ": " + v);
            }
        }
        if (clubs < 1 || clubs > 10_000) usage(2, "--clubs must be 1..10000 (prefixes are c0000..c9999)");
        if (lists < 1 || members < 1) usage(2, "--lists and --members must be >= 1");
        if (port < 0 || port > 65535 || latency < 0 || maxSeconds < 1) usage(2, "bad --port, --latency-ms or --max-seconds");
        return new Options(port, portFile, clubs, lists, members, latency, maxSeconds, watchPid);
    }

    private static void usage(int code, String error) {
        if (error != null) System.err.println("fake-m2s: " + error);
        System.err.println("""
                usage: java bench/FakeM2sApi.java [--port P (0 = any free)] [--port-file FILE]
                         [--clubs N] [--lists L] [--members M] [--latency-ms D]
                         [--max-seconds S (default 3600)] [--watch-pid PID]""");
        System.exit(code);
    }
}
