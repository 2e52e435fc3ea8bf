package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher packaging/BuildImage.java writes for an image built by a JDK before 25, run on a JVM
 * without the AOT log tags and options (the JDK 17 under /usr/lib/jvm stands in for 21 to 24, which
 * reject them the same way). The image holds that JVM and a stand-in for the job compiled for it.
 */
class LauncherFlagsTest {
    static final Path OLD_JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    @TempDir
    Path image;

    record Result(int code, String stdout, String stderr) {}

    @Test
    void thePre25LauncherStartsOnAJvmWithoutAotAndUsesItsCdsArchive() throws Exception {
        fakeImage(21);
        Path archive = image.resolve("lib/app/m2s-sync-aliases.jsa");

        Result training = launch(Map.of("JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + archive), "--quiet");
        assertEquals(new Result(0, "started --quiet\n", ""), training);
        assertTrue(Files.size(archive) > 0, "no CDS archive written");

        assertEquals(new Result(0, "started --version\n", ""), launch(Map.of(), "--version"));
        Result loaded = launch(Map.of("JAVA_OPTS", "-Xlog:class+load=info:stdout"), "--version");
        assertTrue(loaded.stdout().contains("com.manage2soar.aliassync.Main source: shared objects file (top)"),
                "the job's class is not taken from the CDS archive:\n" + loaded.stdout());
    }

    @Test
    void theJdk25LauncherWouldNotStartOnIt() throws Exception {
        fakeImage(25);
        Result run = launch(Map.of(), "--version");
        assertNotEquals(0, run.code());
        assertTrue(run.stderr().contains("aot"), run.stderr());
    }

    @Test
    void theYoungGenerationGrowsWithTheClubsOfTheConfigTheJobReads() throws Exception {
        fakeImage(21);
        assertEquals(16, youngMb("--version"), "no config: the default path, not there on a build machine");
        assertEquals(16, youngMb("--config", config(50).toString()));
        assertEquals(62, youngMb("-c", config(500).toString(), "--dry-run"));
        assertEquals(128, youngMb("--config=" + config(5000)));
        assertEquals(ConfigLoader.DEFAULT_FILE.toString(), Files.readString(Path.of("packaging/launcher.sh"))
                .lines().filter(line -> line.startsWith("config=")).findFirst().orElseThrow().substring(7),
                "the launcher looks for the config where the job does");
    }

    @Test
    void theHeapMayTakeHalfOfASmallServersMemory() throws Exception {
        fakeImage(21);
        // The JVM's default, a quarter (512 MB), is too little for a change of 5000 clubs on the 2 GB server.
        assertEquals(1024, flagMb("MaxHeapSize", "-XX:MaxRAM=2g", "--version"));
    }

    private Path config(int clubs) throws Exception {
        StringBuilder yaml = new StringBuilder("clubs:\n");
        for (int i = 0; i < clubs; i++) {
            yaml.append("  - { prefix: c").append(i).append(", domains: [c").append(i).append(".example.org] }\n");
        }
        return Files.writeString(image.resolve(clubs + ".yml"), yaml);
    }

    /** The young generation the launcher gives the JVM for {@code args}, in MB. */
    private long youngMb(String... args) throws Exception {
        return flagMb("MaxNewSize", "", args);
    }

    /** The size {@code flag} has, in MB, when the launcher runs {@code args} with {@code javaOpts}. */
    private long flagMb(String flag, String javaOpts, String... args) throws Exception {
        Result run = launch(Map.of("JAVA_OPTS", javaOpts + " -XX:+PrintFlagsFinal"), args);
        assertEquals(0, run.code(), run.stderr());
        String line = run.stdout().lines().filter(l -> l.matches("\\s*size_t " + flag + "\\s.*")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll(".*= *(\\d+).*", "$1")) >> 20;
    }

    /** bin/java is the old JDK's; lib/app/m2s-sync-aliases.jar a Main that prints its arguments. */
    private void fakeImage(int buildJdk) throws Exception {
        assertTrue(Files.isExecutable(OLD_JDK.resolve("bin/java")),
                "no JDK 17 at " + OLD_JDK + ": apt-get install openjdk-17-jre-headless");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process build = new ProcessBuilder(java.toString(), "packaging/BuildImage.java", "--launcher", image.toString(),
                String.valueOf(buildJdk), "packaging/launcher.sh").redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, build.waitFor(), output);
        Files.createSymbolicLink(image.resolve("bin/java"), OLD_JDK.resolve("bin/java"));

        Path src = Files.createDirectories(image.resolve("src/com/manage2soar/aliassync")).resolve("Main.java");
        Files.writeString(src, """
                package com.manage2soar.aliassync;
                public class Main {
                    public static void main(String[] args) {
                        System.out.println("started " + String.join(" ", args));
                    }
                }
                """);
        Path classes = image.resolve("classes");
        int rc = ToolProvider.findFirst("javac").orElseThrow().run(System.out, System.err,
                "--release", "17", "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "javac");
        Path app = Files.createDirectories(image.resolve("lib/app"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(app.resolve("m2s-sync-aliases.jar")))) {
            jar.putNextEntry(new JarEntry("com/manage2soar/aliassync/Main.class"));
            jar.write(Files.readAllBytes(classes.resolve("com/manage2soar/aliassync/Main.class")));
        }
    }

    private Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(image.resolve("bin/m2s-sync-aliases").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), stdout, stderr);
    }
}
