package dev.longhaul.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One stack per Longhaul home: {@code longhaul dev} and an in-process run both use its PostgreSQL
 * directory and (the former) its Temporal database, so each holds {@code dev.lock} while it runs.
 * The operating system releases the lock when the process ends, however it ends, so a killed
 * stack never leaves it taken.
 */
final class DevLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DevLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock for {@code what} ("longhaul dev", "an in-process run"), or fails in one line
   * naming the process that holds it, followed by {@code advice}.
   */
  static DevLock acquire(Path home, String what, String advice) {
    Path file = home.resolve("dev.lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(home);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new CliException((holder.isEmpty() ? "another stack" : holder) + " is already running on " + home
            + ": " + advice);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((what + " (pid " + ProcessHandle.current().pid() + ")").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new DevLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CliException("cannot lock " + file + ": " + e.getMessage());
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) channel.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
