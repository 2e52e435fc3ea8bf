package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SequencedMap;

/**
 * Everything a run's outcome depends on, in one hash: this build of the job, the config file, every
 * club's API answer and the maps on disk. When a run finds the fingerprint the last clean run left,
 * nothing can have changed, and validating, rendering and comparing every map again would only repeat
 * that run's work: most runs, every 15 minutes, are such runs.
 */
public final class SyncFingerprint {
    private SyncFingerprint() {}

    /** {@code answers}: each club's body digest by prefix, in config order. */
    public static String of(Path configFile, SequencedMap<String, String> answers, String mapsOnDisk) throws IOException {
        MessageDigest sha = sha256();
        update(sha, thisBuild());
        sha.update(Files.readAllBytes(configFile));
        answers.forEach((club, digest) -> update(sha, club + " " + digest));
        update(sha, mapsOnDisk);
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The job's own jar (or class directory): an upgrade may render differently. The JVM need not say where a
     * class came from (a copied image was seen without it): then no fingerprint, and the run does the full work.
     */
    private static String thisBuild() throws IOException {
        CodeSource source = SyncFingerprint.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IOException("cannot locate the job's own code");
        }
        try {
            Path code = Path.of(source.getLocation().toURI());
            BasicFileAttributes attributes = Files.readAttributes(code, BasicFileAttributes.class);
            return code + " " + attributes.size() + " " + attributes.lastModifiedTime();
        } catch (URISyntaxException | SecurityException e) {
            throw new IOException("cannot locate the job's own code", e);
        }
    }

    private static void update(MessageDigest sha, String value) {
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
