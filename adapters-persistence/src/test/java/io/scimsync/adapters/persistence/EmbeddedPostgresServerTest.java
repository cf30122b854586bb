package io.scimsync.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @TempDir Path dataDirectory;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopEverythingStarted() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly();
      process.onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    stopServerLeftOn(dataDirectory.resolve(EmbeddedPostgresServer.CLUSTER_DIRECTORY));
  }

  @Test
  void stopsTheServerOfAKilledProcess_andStartsOnItsData() throws Exception {
    Path cluster = dataDirectory.resolve(EmbeddedPostgresServer.CLUSTER_DIRECTORY);
    Process child = startChild(dataDirectory);
    int port = awaitReady(child);
    try (Connection c = DriverManager.getConnection(jdbcUrl(port, password(dataDirectory)));
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE crash_probe (id integer PRIMARY KEY, note varchar NOT NULL)");
      s.execute("INSERT INTO crash_probe VALUES (1, 'written before the crash')");
    }
    ProcessHandle orphan = EmbeddedPostmasterPid.read(cluster).flatMap(EmbeddedPostmasterPid::process)
        .orElseThrow(() -> new AssertionError("no live postmaster named in " + cluster));

    child.destroyForcibly(); // SIGKILL: no shutdown hook, no pg_ctl stop
    child.onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertThat(orphan.isAlive()).as("postgres outlives the killed JVM").isTrue();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
      assertThat(orphan.isAlive()).as("the orphaned postmaster was stopped").isFalse();
      assertThat(server.pid()).isNotEqualTo(orphan.pid());
      assertThat(queryString(server.jdbcUrl(), "SELECT note FROM crash_probe WHERE id = 1"))
          .isEqualTo("written before the crash");
    }
    assertThat(cluster.resolve(EmbeddedPostmasterPid.FILE_NAME)).doesNotExist();
  }

  @Test
  void startsNormally_whenPostmasterPidNamesADeadProcess() throws Exception {
    startAndClose();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    writePostmasterPid(gone.pid());

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
      assertThat(queryString(server.jdbcUrl(), "SELECT 'up'")).isEqualTo("up");
    }
  }

  @Test
  void startsNormally_whenPostmasterPidNamesALiveProcessThatIsNotPostgres() throws Exception {
    startAndClose();
    Process cat = new ProcessBuilder("cat").start(); // alive until its stdin closes
    processes.add(cat);
    writePostmasterPid(cat.pid());

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
      assertThat(queryString(server.jdbcUrl(), "SELECT 'up'")).isEqualTo("up");
      assertThat(cat.isAlive()).as("a process that is not our server is left alone").isTrue();
    }
  }

  @Test
  void refusesASecondStart_whileTheDataDirectoryIsInUse() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDirectory))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another process");
      assertThat(queryString(server.jdbcUrl(), "SELECT 'still up'")).isEqualTo("still up");
    }
  }

  @Test
  void runsWithFsyncAndSynchronousCommit_onALoopbackPort() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
      assertThat(queryString(server.jdbcUrl(), "SHOW fsync")).isEqualTo("on");
      assertThat(queryString(server.jdbcUrl(), "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(queryString(server.jdbcUrl(), "SELECT current_database()"))
          .isEqualTo(EmbeddedPostgresServer.DATABASE);
      assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://localhost:" + server.port() + "/");
    }
  }

  private void startAndClose() {
    EmbeddedPostgresServer.start(dataDirectory).close();
  }

  private void writePostmasterPid(long pid) throws IOException {
    Path cluster = dataDirectory.resolve(EmbeddedPostgresServer.CLUSTER_DIRECTORY);
    Files.writeString(cluster.resolve(EmbeddedPostmasterPid.FILE_NAME), pid + "\n" + cluster + "\n");
  }

  private Process startChild(Path dataDirectory) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        EmbeddedPostgresChild.class.getName(), dataDirectory.toString())
        .redirectErrorStream(true)
        .start();
    processes.add(child);
    return child;
  }

  /** The port the child printed; its output is read on a thread so the deadline holds. */
  private static int awaitReady(Process child) throws Exception {
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.add(line);
          if (line.startsWith("READY ")) {
            ready.complete(Integer.parseInt(line.substring("READY ".length()).trim()));
          }
        }
      } catch (IOException e) {
        // the child was killed; whatever it printed is in output
      }
      ready.completeExceptionally(new AssertionError("child exited before READY: " + output));
    }, "embedded-postgres-child-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return ready.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no READY from the child within " + DEADLINE + ": " + output, e);
    }
  }

  /** Whatever happened in the test, no postgres keeps running on the temporary directory. */
  private static void stopServerLeftOn(Path cluster) throws Exception {
    Optional<ProcessHandle> left = EmbeddedPostmasterPid.read(cluster)
        .flatMap(EmbeddedPostmasterPid::process)
        .filter(process -> EmbeddedPostgresServer.servesCluster(process, cluster));
    if (left.isPresent()) {
      ProcessHandle postmaster = left.get();
      List<ProcessHandle> children = postmaster.descendants().toList();
      postmaster.destroy();
      try {
        postmaster.onExit().get(30, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
      throw new AssertionError("a PostgreSQL was left running on " + cluster + " (stopped now)");
    }
  }

  private static String jdbcUrl(int port, String password) {
    return "jdbc:postgresql://localhost:" + port + "/" + EmbeddedPostgresServer.DATABASE
        + "?user=postgres&password=" + password;
  }

  private static String password(Path dataDirectory) throws java.io.IOException {
    return java.nio.file.Files.readString(dataDirectory.resolve(EmbeddedPassword.FILE_NAME)).trim();
  }

  @Test
  void requiresItsPassword_soOtherLocalUsersCannotGetIn() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
      String withoutPassword = "jdbc:postgresql://localhost:" + server.port() + "/"
          + EmbeddedPostgresServer.DATABASE + "?user=postgres";
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> DriverManager.getConnection(withoutPassword).close())
          .isInstanceOf(SQLException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(
          withoutPassword + "&password=guess").close()).isInstanceOf(SQLException.class);
      assertThat(queryString(server.jdbcUrl(), "SELECT 'in'")).isEqualTo("in");
      assertThat(java.nio.file.Files.getPosixFilePermissions(
          dataDirectory.resolve(EmbeddedPassword.FILE_NAME)))
          .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      assertThat(java.nio.file.Files.readString(server.clusterDirectory().resolve("pg_hba.conf")))
          .doesNotContain("trust");
    }
    // a restart finds it secured already
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDirectory)) {
      assertThat(queryString(again.jdbcUrl(), "SELECT 'again'")).isEqualTo("again");
    }
  }

  private static String queryString(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
