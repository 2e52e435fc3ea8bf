import java.io.IOException;
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
 * job's jars in lib/app/, and the launcher bin/m2s-sync-aliases. Run by Maven (package phase) with
 * the JDK the toolchain selected, as a single-file program: java packaging/BuildImage.java IMAGE MODULES APPJAR LIBDIR
 */
public class BuildImage {
    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        String modules = args[1];
        Path appJar = Path.of(args[2]);
        Path libDir = Path.of(args[3]);
        Path launcher = Path.of(args[4]);

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
        Path bin = image.resolve("bin/m2s-sync-aliases");
        Files.copy(launcher, bin);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.println("runtime image: " + image + " (launcher " + bin + ")");
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
