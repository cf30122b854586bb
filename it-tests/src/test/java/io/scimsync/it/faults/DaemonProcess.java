package io.scimsync.it.faults;

import io.scimsync.it.support.Admin;
import io.scimsync.it.support.Waiting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real fat jar ({@code scimsync.jar}) as a child process: {@code java -jar scimsync.jar run}
 * on a data directory, an external database and a fixed admin port, its output appended to a log
 * file. {@link #kill()} is {@code kill -9}; {@link #close()} kills it too, if it still runs.
 */
final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final URI adminUrl;
  private final Admin admin;
  private final Path log;

  private DaemonProcess(Process process, URI adminUrl, Admin admin, Path log) {
    this.process = process;
    this.adminUrl = adminUrl;
    this.admin = admin;
    this.log = log;
  }

  /** The build directory of this module ({@code target} or what {@code build.dir.name} says). */
  static Path buildDir() {
    try {
      Path classes = Path.of(DaemonProcess.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      return classes.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A copy of the fat jar named by the system property {@code scimsync.jar}, in {@code dir}: a
   * rebuild of the original while the tests run cannot swap classes under a running daemon.
   */
  static Path copyOfTheJar(Path dir) {
    String jar = System.getProperty("scimsync.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("the fat jar is missing: system property scimsync.jar = "
          + jar + " (pass -Dscimsync.jar=.../scimsync.jar)");
    }
    try {
      Files.createDirectories(dir);
      Path copy = dir.resolve("scimsync.jar");
      Files.copy(Path.of(jar), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + jar + " to " + dir, e);
    }
  }

  /**
   * Starts {@code scimsync run} and returns at once; call {@link #awaitHealthy}.
   *
   * @param log the file its stdout and stderr are appended to
   */
  static DaemonProcess start(Path jar, Path dataDir, String dbUrl, int adminPort, String token,
                            Path log) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString(), "run",
        "--data-dir", dataDir.toString(), "--db-url", dbUrl,
        "--admin-port", Integer.toString(adminPort)));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // only what this test sets: an inherited SCIMSYNC_* variable would change the daemon
    env.keySet().removeIf(name -> name.startsWith("SCIMSYNC_"));
    env.put("SCIMSYNC_ADMIN_TOKEN", token);
    env.put("SCIMSYNC_RECONCILE_INTERVAL", "0s");
    env.put("SCIMSYNC_POLL_INTERVAL", "100ms");
    env.put("SCIMSYNC_RETRY_BASE", "200ms");
    env.put("SCIMSYNC_RETRY_MAX", "5s");
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "==== " + String.join(" ", command) + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      // a working directory of its own: no application.conf is picked up by accident
      Path workDir = dataDir.resolveSibling(dataDir.getFileName() + "-cwd");
      Files.createDirectories(workDir);
      builder.directory(workDir.toFile());
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      URI url = URI.create("http://127.0.0.1:" + adminPort);
      return new DaemonProcess(process, url, new Admin(url, token), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  /** Waits until {@code /healthz} answers 200; fails at once if the process exits. */
  DaemonProcess awaitHealthy(Duration within) {
    Waiting.until("the daemon (pid " + process.pid() + ") to answer /healthz 200; log: " + log,
        within, () -> {
          if (!process.isAlive()) {
            throw new AssertionError("the daemon exited with " + process.exitValue()
                + " before it was healthy; log: " + log);
          }
          return Net.health(adminUrl, Duration.ofSeconds(2)) == 200;
        });
    return this;
  }

  Admin admin() {
    return admin;
  }

  /** {@code kill -9}, and waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing pid " + process.pid(), e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
