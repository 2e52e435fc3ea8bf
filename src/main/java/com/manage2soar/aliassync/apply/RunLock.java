package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time: an exclusive lock on {@code lock_file}. The kernel drops it when the process
 * dies, however it dies, so a killed run never blocks the next one.
 *
 * <p>The file also holds the fingerprint of the last clean run (see {@code SyncFingerprint}): only the
 * holder of the lock reads or writes it, and losing it (a reboot clears /run/lock, a killed run may
 * leave half a line) costs one run that does the whole work again.
 */
public final class RunLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunLock.class);
    private static final String FINGERPRINT_PREFIX = "last clean run: ";
    private static final int FINGERPRINT_LINE_MAX = 256;

    private final Path file;
    private final FileChannel channel;

    private RunLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The lock, or empty when another process holds it. */
    public static Optional<RunLock> tryAcquire(Path file) throws ApplyException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw ApplyException.cannotWrite(file, e, "nothing done");
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                close(channel);
                return Optional.empty();
            }
            return Optional.of(new RunLock(file, channel));
        } catch (OverlappingFileLockException e) {
            close(channel); // held by this very process
            return Optional.empty();
        } catch (IOException e) {
            close(channel);
            throw ApplyException.cannotWrite(file, e, "nothing done");
        }
    }

    /** The fingerprint the last clean run left, if the file holds one whole. */
    public Optional<String> lastCleanRun() {
        try {
            ByteBuffer content = ByteBuffer.allocate(FINGERPRINT_LINE_MAX);
            channel.read(content, 0);
            String line = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII);
            return line.startsWith(FINGERPRINT_PREFIX) && line.endsWith("\n")
                    ? Optional.of(line.substring(FINGERPRINT_PREFIX.length(), line.length() - 1))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Remembers a clean run's fingerprint; failing to is harmless (the next run does the whole work). */
    public void rememberCleanRun(String fingerprint) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((FINGERPRINT_PREFIX + fingerprint + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            log.warn("cannot write {}: {}; the next run does the whole work again", file, e.getMessage());
        }
    }

    /** Closing the channel releases the lock; should that fail, the process's exit releases it anyway. */
    @Override
    public void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: see above
        }
    }
}
