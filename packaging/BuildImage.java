import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds the runtime image target/image/: a jlink'd JDK with only the modules the job needs, the
 * job's jars in lib/app/, the launcher bin/m2s-sync-aliases, and a class archive (an AOT cache on
 * JDK 25 and later, a dynamic CDS archive on 21 to 24) made by one training run of the job against a
 * loopback API serving the demo clubs. Run by Maven (package phase) with the JDK the toolchain
 * selected, as a single-file program:
 * java packaging/BuildImage.java IMAGE MODULES APPJAR LIBDIR LAUNCHER DEMO_API_DIR
 * or, to write only the launcher for a given JDK feature version (LauncherFlagsTest):
 * java packaging/BuildImage.java --launcher IMAGE FEATURE LAUNCHER
 */
public class BuildImage {
    /**
     * The launcher's flags for the JDK that ran the build: JDK 21 to 24 reject the {@code aot} log tag
     * and know no AOT cache, and a CDS archive is tied to the JDK that wrote it anyway.
     */
    record Launch(List<String> jvmOptions, String archiveOption, String archiveFile, String trainingOption) {
        static Launch forJdk(int feature) {
            if (feature < 21) {
                throw new IllegalStateException("JDK " + feature + ": the job needs a JDK >= 21 to build");
            }
            // Short-lived batch job: serial GC, the quick C1 compiler, no perf-data file; the launcher sizes
            // the young generation by the config (the default sizes it from the machine's RAM).
            // picocli looks up its reflective type converters (java.time, java.sql) for every command
            // unless excluded (a regex; no glob characters, as the launcher does not quote it); each of
            // our options brings its own converter.
            // The heap may take half the RAM, not the default quarter: on a 2 GB server that is 1 GB, and a
            // change of 5000 clubs of 8 lists of 500 needs more than 512 MB (OutOfMemoryError with the default;
            // 802 MB peak RSS with half). A heap grows only as far as the run needs it.
            List<String> common = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                    "-XX:MaxRAMPercentage=50", "-Dpicocli.converters.excludes=java.+");
            List<String> options = new ArrayList<>(common);
            if (feature >= 25) {
                options.addAll(List.of("-Xlog:aot=off", "-Xlog:cds=off"));
                return new Launch(options, "-XX:AOTCache", "m2s-sync-aliases.aot", "-XX:AOTCacheOutput");
            }
            options.add("-Xlog:cds=off");
            return new Launch(options, "-XX:SharedArchiveFile", "m2s-sync-aliases.jsa", "-XX:ArchiveClassesAtExit");
        }

        String launcher(String template) {
            return template.replace("@JVM_OPTIONS@", String.join(" ", jvmOptions))
                    .replace("@ARCHIVE_OPTION@", archiveOption).replace("@ARCHIVE_FILE@", archiveFile);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--launcher")) {
            writeLauncher(Path.of(args[1]), Launch.forJdk(Integer.parseInt(args[2])), Path.of(args[3]));
            return;
        }
        Launch launch = Launch.forJdk(Runtime.version().feature());
        Path image = Path.of(args[0]);
        String modules = args[1];
        Path appJar = Path.of(args[2]);
        Path libDir = Path.of(args[3]);
        Path launcher = Path.of(args[4]);
        Path demoApi = Path.of(args[5]);

        deleteTree(image);
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException("no jlink in " + System.getProperty("java.home")));
        int rc = jlink.run(System.out, System.err, "--add-modules", modules, "--output", image.toString(),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=zip-6",
                "--generate-cds-archive");
        if (rc != 0) {
            throw new IllegalStateException("jlink failed with exit code " + rc);
        }
        Path app = Files.createDirectories(image.resolve("lib/app"));
        Files.copy(appJar, app.resolve("m2s-sync-aliases.jar"));
        try (Stream<Path> jars = Files.list(libDir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Files.copy(jar, app.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path bin = writeLauncher(image, launch, launcher);
        train(image, demoApi, launch);
        System.out.println("runtime image: " + image + " (launcher " + bin + ")");
    }

    private static Path writeLauncher(Path image, Launch launch, Path template) throws IOException {
        Path bin = Files.createDirectories(image.resolve("bin")).resolve("m2s-sync-aliases");
        Files.writeString(bin, launch.launcher(Files.readString(template)));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /**
     * One real run of the job, fetching three clubs over HTTP and writing every map, records which
     * classes it loads (and links); the launcher maps that archive at start-up. Same flags as the launcher.
     */
    private static void train(Path image, Path demoApi, Launch launch) throws Exception {
        Path work = Files.createTempDirectory("m2s-train");
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            String club = exchange.getRequestURI().getPath().split("/")[1];
            byte[] body = Files.readAllBytes(demoApi.resolve(club + ".json"));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            Files.createDirectories(work.resolve("postfix"));
            Files.createDirectories(work.resolve("rspamd"));
            StringBuilder config = new StringBuilder("""
                    default_auth_token: training
                    postfix_virtual_file: %1$s/postfix/virtual
                    postfix_whitelist_file: %1$s/postfix/sender_whitelist
                    postfix_recipient_check_file: %1$s/postfix/recipient_whitelist_check
                    rspamd_whitelist_dir: %1$s/rspamd
                    admin_email: postmaster@example.org
                    map_type: texthash
                    reload_command: []
                    lock_file: %1$s/lock
                    state_dir: %1$s/state
                    metrics_file: %1$s/metrics.prom
                    clubs:
                    """.formatted(work));
            for (String club : List.of("c0000", "c0001", "c0002")) {
                config.append("  - { prefix: ").append(club).append(", domains: [").append(club)
                        .append(".example.org], api_url: 'http://127.0.0.1:").append(api.getAddress().getPort())
                        .append('/').append(club).append("/api/email-lists/' }\n");
            }
            Path configFile = work.resolve("config.yml");
            Files.writeString(configFile, config);
            Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));
            Path cache = image.resolve("lib/app").resolve(launch.archiveFile());
            List<String> argv = new ArrayList<>(List.of(image.resolve("bin/java").toString()));
            argv.addAll(launch.jvmOptions());
            argv.addAll(List.of(launch.trainingOption() + "=" + cache, "-cp", image.resolve("lib/app/m2s-sync-aliases.jar").toString(),
                    "com.manage2soar.aliassync.Main", "--quiet", "--config", configFile.toString()));
            Process training = new ProcessBuilder(argv).inheritIO().start();
            if (training.waitFor() != 0 || !Files.exists(cache)) {
                throw new IllegalStateException("training run failed (exit " + training.exitValue() + ")");
            }
            System.out.println("class archive: " + cache + " (" + Files.size(cache) / 1024 + " KiB)");
        } finally {
            api.stop(0);
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.delete(p);
            }
        }
    }
}
