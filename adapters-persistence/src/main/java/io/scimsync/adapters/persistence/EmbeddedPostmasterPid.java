package io.scimsync.adapters.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a PostgreSQL cluster's {@code postmaster.pid} says: line 1 the postmaster's pid, line 2 its
 * data directory, line 4 its port (the layout is in PostgreSQL's {@code src/include/utils/pidfile.h}).
 * PostgreSQL writes the file on start and removes it on a clean shutdown, so a file left behind
 * means either a server still running or one that died without cleaning up.
 */
record EmbeddedPostmasterPid(long pid, OptionalInt port) {
  static final String FILE_NAME = "postmaster.pid";

  /** Empty when there is no such file, or when it is unreadable as a pid file (postgres decides then). */
  static Optional<EmbeddedPostmasterPid> read(Path clusterDirectory) {
    List<String> lines;
    try {
      lines = Files.readAllLines(clusterDirectory.resolve(FILE_NAME));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + clusterDirectory.resolve(FILE_NAME), e);
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).trim());
      OptionalInt port = lines.size() >= 4 && !lines.get(3).isBlank()
          ? OptionalInt.of(Integer.parseInt(lines.get(3).trim()))
          : OptionalInt.empty();
      return pid > 0 ? Optional.of(new EmbeddedPostmasterPid(pid, port)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The process, when one with this pid is alive (zombies count as dead). */
  Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  String portForDisplay() {
    return port.isPresent() ? Integer.toString(port.getAsInt()) : "unknown";
  }
}
