package io.scimsync.it.bench;

import io.scimsync.it.support.Admin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fat jar as a child process ({@code java -Xmx... -jar scimsync.jar run}), its GC log and
 * output in files of its data directory, so that its heap can be read after the run.
 */
final class ChildDaemon implements AutoCloseable {
  /** "... 45M->12M(256M) 3.456ms": heap used before and after one collection, and its size. */
  private static final Pattern GC_LINE = Pattern.compile(
      "(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private final Process process;
  private final Path dataDir;
  private final Path gcLog;
  private final Path output;
  private final Admin admin;
  private final URI url;
  private final String heap;

  ChildDaemon(String jar, String heap, String jdbcUrl) throws IOException {
    this.heap = heap;
    dataDir = Files.createTempDirectory("scimsync-bench-child");
    gcLog = dataDir.resolve("gc.log");
    output = dataDir.resolve("daemon.log");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String token = UUID.randomUUID().toString();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap,
        "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog, "-jar", jar, "run",
        "--data-dir", dataDir.toString(), "--admin-port", Integer.toString(port)));
    if (jdbcUrl != null) {
      command.add("--db-url");
      command.add(jdbcUrl);
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().put("SCIMSYNC_ADMIN_TOKEN", token);
    process = builder.start();
    url = URI.create("http://127.0.0.1:" + port);
    admin = new Admin(url, token);
  }

  /** Waits for {@code /healthz}; fails when the child exits first. */
  void awaitReady(Duration within) throws IOException {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("the child daemon exited with " + process.exitValue()
            + " before it was ready; its output:\n" + tail(40));
      }
      try {
        if (admin.call("GET", "/healthz", null).status() == 200) {
          return;
        }
      } catch (AssertionError notYet) {
        // connection refused: not listening yet
      }
      sleep(200);
    }
    throw new AssertionError("the child daemon was not ready within " + within + ":\n" + tail(40));
  }

  Admin admin() {
    return admin;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Peak resident set size so far (VmHWM of /proc/PID/status), MiB; empty when unreadable. */
  Optional<Double> peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()),
          "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return Optional.empty();
  }

  /** What the GC log says: the highest heap occupancy before and after a collection, MiB. */
  record Heap(double peakBeforeGcMiB, double peakAfterGcMiB, double maxCommittedMiB,
              int collections) {}

  Heap heap() {
    return heapSince(0);
  }

  /** As {@link #heap}, over the collections after the first {@code skipped} only. */
  Heap heapSince(int skipped) {
    int seen = 0;
    double before = 0;
    double after = 0;
    double size = 0;
    int count = 0;
    try {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = GC_LINE.matcher(line);
        if (m.find() && seen++ >= skipped) {
          count++;
          before = Math.max(before, mib(m.group(1), m.group(2)));
          after = Math.max(after, mib(m.group(3), m.group(4)));
          size = Math.max(size, mib(m.group(5), m.group(6)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Heap(before, after, size, count);
  }

  /** Whether the output or the exit shows an OutOfMemoryError. */
  boolean sawOutOfMemory() {
    try {
      return Files.readString(output).contains("OutOfMemoryError")
          || Files.readString(gcLog).contains("OutOfMemoryError");
    } catch (IOException e) {
      return false;
    }
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(output);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Copies the GC log and the daemon's output to {@code dir}, named {@code prefix-...}. */
  void copyLogs(Path dir, String prefix) {
    try {
      Files.createDirectories(dir);
      if (Files.exists(gcLog)) {
        Files.copy(gcLog, dir.resolve(prefix + "-gc.log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      if (Files.exists(output)) {
        Files.copy(output, dir.resolve(prefix + "-daemon.log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      Bench.log("could not keep the child's logs: %s", e);
    }
  }

  String heapSetting() {
    return heap;
  }

  private static double mib(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }

  private static void sleep(long millis) {
    Bench.pause(millis);
  }

  /** SIGTERM, then 30 s for a clean shutdown, then SIGKILL; the data directory is removed. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        Bench.log("child daemon %d did not stop within 30 s: killing it", process.pid());
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(dataDir);
  }

  static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: best effort
    }
  }
}
