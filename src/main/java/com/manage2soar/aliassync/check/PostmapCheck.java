package com.manage2soar.aliassync.check;

import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.apply.Postfix;
import com.manage2soar.aliassync.config.SyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Indexes a small map in a temporary directory with the configured postmap and map type, and looks a
 * key up in it: that postmap exists is not enough (it dies without a readable main.cf, and lmdb and cdb
 * need their own packages).
 */
final class PostmapCheck {
    private static final String KEY = "list@check.invalid";
    private static final String VALUE = "member@check.invalid";

    private final SyncConfig config;
    private final Postfix postfix;

    PostmapCheck(SyncConfig config, Postfix postfix) {
        this.config = config;
        this.postfix = postfix;
    }

    void check(List<Finding> findings) {
        if (config.mapType().indexSuffix().isEmpty()) {
            findings.add(Finding.ok("postmap", "map_type " + config.mapType().postfixName() + " needs no index"));
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("m2s-sync-aliases-check");
            findings.add(indexAndLookUp(dir.resolve("map")));
        } catch (IOException e) {
            findings.add(Finding.fail("postmap", "cannot create a test map: " + e.getMessage(), "is /tmp writable?"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delete(dir);
        }
    }

    private Finding indexAndLookUp(Path map) throws IOException, InterruptedException {
        Files.writeString(map, KEY + " " + VALUE + "\n");
        String table = config.mapType().postfixName() + ":" + map;
        CommandRunner.Result indexed = postfix.postmap(table);
        if (indexed.exitCode() != 0) {
            return Finding.fail("postmap", "'" + config.postmapCommand() + " " + table + "' failed (exit " + indexed.exitCode() + "): "
                    + indexed.output(), "every run's postmap would fail the same way: postmap needs a readable main.cf "
                    + "(MAIL_CONFIG), and map_type lmdb or cdb the package postfix-lmdb or postfix-cdb");
        }
        CommandRunner.Result found = postfix.query(table, KEY);
        if (found.exitCode() != 0 || !found.stdout().equals(VALUE)) {
            return Finding.fail("postmap", "a test map indexed as " + config.mapType().postfixName()
                    + ": does not answer its key (exit " + found.exitCode() + "): " + found.output(), "check postmap_command");
        }
        return Finding.ok("postmap", "indexes a test map as " + config.mapType().postfixName() + ": and finds its key");
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover in the temporary directory harms nothing
        }
    }
}
