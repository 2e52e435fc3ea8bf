package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One run at a time: an exclusive lock on {@code lock_file}. The kernel drops it when the process
 * dies, however it dies, so a killed run never blocks the next one.
 *
 * <p>The file holds nothing: what a run leaves for the next is in the state file (see {@code StateFile}),
 * which only the holder of the lock writes.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;

    private RunLock(FileChannel channel) {
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
            return Optional.of(new RunLock(channel));
        } catch (OverlappingFileLockException e) {
            close(channel); // held by this very process
            return Optional.empty();
        } catch (IOException e) {
            close(channel);
            throw ApplyException.cannotWrite(file, e, "nothing done");
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
