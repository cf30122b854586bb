package io.scimsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it: {@code java -jar scimsync.jar} in an empty directory, with no
 * SCIMSYNC_* environment, so nothing from the build (target/lib, a Class-Path entry, the test
 * classpath) can hide a missing class or resource.
 */
class FatJarIT {
  private static final Duration START_DEADLINE = Duration.ofSeconds(120);
  private static final Path JAR = Path.of(System.getProperty("scimsync.jar",
      "target/scimsync.jar")).toAbsolutePath();
  private static final String VERSION = System.getProperty("scimsync.version", "");

  @TempDir
  Path workDir;

  private Process start(List<String> args, Path output) throws IOException {
    assertThat(JAR).as("the shaded jar (run `mvn package` first)").isRegularFile();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SCIMSYNC_"));
    return builder.start();
  }

  private record Finished(int exitCode, String output) {}

  private Finished runToEnd(Duration timeout, String... args) throws Exception {
    Path output = workDir.resolve("output.txt");
    Process process = start(List.of(args), output);
    try {
      assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
          .as("exits within %s", timeout).isTrue();
      return new Finished(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void printsTheVersion() throws Exception {
    Finished run = runToEnd(Duration.ofSeconds(60), "--version");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).startsWith("scimsync " + VERSION);
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Finished run = runToEnd(Duration.ofSeconds(60), "--help");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("run", "demo", "fake-server", "reconcile", "plan");
  }

  @Test
  void rejectsAnInvalidConfiguration_withExitCode2() throws Exception {
    Files.writeString(workDir.resolve("application.conf"), "scimsync.admin.port = 99999\n");

    Finished run = runToEnd(Duration.ofSeconds(60), "run");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("scimsync: invalid configuration: scimsync.admin.port");
  }

  @Test
  void runsTheDaemonOnTheEmbeddedDatabase_andStopsOnSigterm() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Path output = workDir.resolve("daemon.log");
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Process process = start(List.of("run", "--admin-port", String.valueOf(port)), output);
      try {
        Optional<JsonNode> health = awaitHealthy(http, port, process);
        if (health.isEmpty() && attempt == 1 && portTaken(output)) {
          continue; // someone took the port between our probe and the daemon's bind
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(health).as("healthy; log:%n%s", log).isPresent();
        assertThat(health.get().path("status").asText()).isEqualTo("ok");
        assertThat(health.get().path("database").asText()).isNotBlank();

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s").isTrue();
        assertThat(process.exitValue()).isIn(0, 143);
        log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(log).contains(VERSION).contains("admin API");
        assertThat(workDir.resolve("scimsync-data")).isDirectory();
        return;
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void runsTheDemo() throws Exception {
    Finished run = runToEnd(Duration.ofSeconds(240), "demo");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("converged in").contains("POST   /Users")
        .contains("Everyone");
  }

  private static Optional<JsonNode> awaitHealthy(HttpClient http, int port, Process process)
      throws Exception {
    URI healthz = URI.create("http://127.0.0.1:" + port + "/healthz");
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() - deadline < 0 && process.isAlive()) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(healthz)
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return Optional.of(new ObjectMapper().readTree(response.body()));
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      // the daemon gives no other signal of readiness than answering; poll gently
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    return Optional.empty();
  }

  private static boolean portTaken(Path output) throws IOException {
    String log = Files.readString(output, StandardCharsets.UTF_8);
    return log.contains("Address already in use") || log.contains(BindException.class.getName());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
