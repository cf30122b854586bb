package io.scimsync.adapters.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the daemon runs on when no JDBC URL is configured: zonky's embedded binaries, a
 * cluster in {@code <dataDirectory>/postgres} kept across restarts (initdb runs only when that
 * directory holds no {@code postgresql.conf}), listening on a free loopback port, its log appended
 * to {@code <dataDirectory>/postgres.log}. Every method blocks.
 *
 * <p>Crash safety: postgres is a separate process and outlives a {@code kill -9} of the JVM. On
 * start, a server still running on this cluster (its {@code postmaster.pid} names a live postgres
 * process serving this directory) is stopped first: SIGTERM, then SIGKILL after a deadline. A
 * {@code postmaster.pid} naming a dead process is left for postgres, which replaces it; one naming
 * a live process that is not this cluster's server (the pid was reused) is removed. Two processes
 * on one data directory are prevented by an exclusive lock on {@code <dataDirectory>/postgres.lock},
 * held until {@link #close()}: the second one fails instead of stopping the first one's server.
 *
 * <p>No JVM shutdown hook: the owner closes the server after its last query (a hook would race the
 * daemon's own graceful shutdown and stop postgres under in-flight writes); a server left running
 * because close was never called is stopped by the next start, as after a crash.
 *
 * <p>fsync and {@code synchronous_commit} are on (zonky's test-friendly defaults turn both off):
 * a committed change must survive a power cut. The server trusts every loopback connection as
 * the superuser {@code postgres}, like any local test cluster; the daemon's database is
 * {@value #DATABASE}.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  static final String DATABASE = "scimsync";
  static final String CLUSTER_DIRECTORY = "postgres";
  static final String LOCK_FILE = "postgres.lock";
  static final String LOG_FILE = "postgres.log";
  private static final String SUPERUSER = "postgres";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
  private static final Duration FORCED_STOP = Duration.ofSeconds(10);
  private static final Duration EXIT_AFTER_PG_CTL_STOP = Duration.ofSeconds(10);

  private final Path clusterDirectory;
  private final FileChannel lockChannel;
  private final EmbeddedPostgres postgres;
  private final long pid;
  private final String password;
  // taken at start: unlike a bare pid, a handle is never confused with a later process reusing it
  private final Optional<ProcessHandle> postmaster;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedPostgresServer(Path clusterDirectory, FileChannel lockChannel,
      EmbeddedPostgres postgres, long pid, String password) {
    this.password = password;
    this.clusterDirectory = clusterDirectory;
    this.lockChannel = lockChannel;
    this.postgres = postgres;
    this.pid = pid;
    this.postmaster = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
  }

  /**
   * Starts the server on {@code <dataDirectory>/postgres}, creating the cluster and the
   * {@value #DATABASE} database when missing, after stopping a server a crashed run left there.
   * Blocks until the server accepts connections (the first start also unpacks the binaries and
   * runs initdb: several seconds).
   *
   * @throws IllegalStateException when another process holds the data directory, or postgres
   *     cannot be started (details in {@code postgres.log})
   */
  static EmbeddedPostgresServer start(Path dataDirectory) {
    Path data = dataDirectory.toAbsolutePath().normalize();
    Path cluster = data.resolve(CLUSTER_DIRECTORY);
    FileChannel lockChannel = lock(data);
    try {
      stopLeftoverServer(cluster);
      boolean existing = Files.exists(cluster.resolve("postgresql.conf"));
      String password = EmbeddedPassword.readOrCreate(data);
      int port = freeLoopbackPort();
      ProcessBuilder.Redirect serverLog = ProcessBuilder.Redirect.appendTo(data.resolve(LOG_FILE).toFile());
      EmbeddedPostgres postgres;
      try {
        postgres = EmbeddedPostgres.builder()
            .setDataDirectory(cluster)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setRegisterShutdownHook(false)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setConnectConfig("password", password)
            .setPGStartupWait(STARTUP_WAIT)
            .setOutputRedirector(serverLog)
            .setErrorRedirector(serverLog)
            .start();
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("could not start the embedded PostgreSQL on " + cluster
            + " (see " + data.resolve(LOG_FILE) + "): " + e.getMessage(), e);
      }
      long pid = EmbeddedPostmasterPid.read(cluster).map(EmbeddedPostmasterPid::pid).orElse(-1L);
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(cluster, lockChannel, postgres, pid,
          password);
      try {
        server.requirePassword();
        server.createDatabaseIfMissing();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      log.info("embedded PostgreSQL pid {} on port {}, {} cluster {}", pid, port,
          existing ? "existing" : "new", cluster);
      return server;
    } catch (RuntimeException e) {
      release(lockChannel);
      throw e;
    }
  }

  /** The daemon's database, user {@code postgres}, with the password of {@link EmbeddedPassword}. */
  String jdbcUrl() {
    String url = postgres.getJdbcUrl(SUPERUSER, DATABASE);
    return url.contains("password=") ? url : url + "&password=" + password;
  }

  /**
   * Replaces initdb's trust with scram: the superuser gets the password, and pg_hba.conf accepts
   * password logins only. Done once, at the first start (the only time trust is in force, for the
   * seconds between initdb and here); later starts find it done.
   */
  private void requirePassword() {
    Path hba = clusterDirectory.resolve("pg_hba.conf");
    try {
      String current = Files.readString(hba);
      boolean trusting = current.lines().map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .anyMatch(line -> line.endsWith("trust"));
      if (!trusting) {
        return;
      }
      try (Connection c = postgres.getPostgresDatabase().getConnection();
           java.sql.Statement s = c.createStatement()) {
        s.execute("SET password_encryption = 'scram-sha-256'");
        // the password is ours (base64url), so quoting it as a literal is safe
        s.execute("ALTER USER " + SUPERUSER + " PASSWORD '" + password + "'");
        Files.writeString(hba, String.join("\n",
            "# written by scimsync: password logins only (the embedded server's superuser)",
            "local all all scram-sha-256",
            "host  all all 127.0.0.1/32 scram-sha-256",
            "host  all all ::1/128 scram-sha-256",
            ""));
        s.execute("SELECT pg_reload_conf()");
      }
      log.info("embedded PostgreSQL now requires the password in {}", EmbeddedPassword.FILE_NAME);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("could not secure the embedded PostgreSQL on "
          + clusterDirectory + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return postgres.getPort();
  }

  Path clusterDirectory() {
    return clusterDirectory;
  }

  /** The postmaster's pid, as its {@code postmaster.pid} said after start; -1 if unreadable. */
  long pid() {
    return pid;
  }

  /** Stops postgres (fast shutdown: open sessions are ended) and releases the data directory; idempotent. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("pg_ctl stop failed on {}: {}", clusterDirectory, e.getMessage());
    }
    try {
      // pg_ctl returns once postmaster.pid is gone, a moment before the postmaster exits; and
      // zonky logs and swallows a failed pg_ctl stop: make sure the server is really gone
      Optional<ProcessHandle> stillRunning = postmaster
          .filter(process -> !awaitExit(process, EXIT_AFTER_PG_CTL_STOP));
      if (stillRunning.isPresent()) {
        log.warn("embedded PostgreSQL pid {} still running after pg_ctl stop; stopping it", pid);
        stop(stillRunning.get(), clusterDirectory);
      } else {
        log.info("embedded PostgreSQL pid {} stopped", pid);
      }
    } finally {
      release(lockChannel);
    }
  }

  private void createDatabaseIfMissing() {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
      log.info("created database {} in {}", DATABASE, clusterDirectory);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + DATABASE + " in the embedded"
          + " PostgreSQL on " + clusterDirectory + ": " + e.getMessage(), e);
    }
  }

  private static FileChannel lock(Path data) {
    Path lockFile = data.resolve(LOCK_FILE);
    FileChannel channel;
    try {
      Files.createDirectories(data);
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open " + lockFile, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM already
    } catch (IOException e) {
      release(channel);
      throw new UncheckedIOException("could not lock " + lockFile, e);
    }
    if (lock == null) {
      release(channel);
      throw new IllegalStateException("data directory " + data + " is in use by another process ("
          + lockFile + " is locked); refusing to touch its PostgreSQL");
    }
    return channel;
  }

  private static void release(FileChannel lockChannel) {
    try {
      lockChannel.close(); // releases the lock
    } catch (IOException e) {
      log.warn("could not close the data directory lock: {}", e.getMessage());
    }
  }

  /** Clears the way for a new server on {@code cluster}; see the class comment. */
  private static void stopLeftoverServer(Path cluster) {
    Optional<EmbeddedPostmasterPid> found = EmbeddedPostmasterPid.read(cluster);
    if (found.isEmpty()) {
      return;
    }
    EmbeddedPostmasterPid pidFile = found.get();
    Path file = cluster.resolve(EmbeddedPostmasterPid.FILE_NAME);
    Optional<ProcessHandle> process = pidFile.process();
    if (process.isEmpty()) {
      log.info("{} names pid {}, which is not running (the previous server died without cleaning"
          + " up); PostgreSQL replaces the file on start", file, pidFile.pid());
      return;
    }
    ProcessHandle handle = process.get();
    if (!servesCluster(handle, cluster)) {
      log.warn("{} names pid {}, which is now another process ({}); removing the stale file",
          file, pidFile.pid(), handle.info().command().orElse("unknown command"));
      deletePidFile(file);
      return;
    }
    log.warn("PostgreSQL pid {} (port {}) is still running on {}, left by a previous run that did"
        + " not shut down; stopping it", pidFile.pid(), pidFile.portForDisplay(), cluster);
    stop(handle, cluster);
  }

  /**
   * SIGTERM (smart shutdown: the crashed JVM's sessions are gone, so it completes at once), then
   * SIGKILL to the postmaster and its children after a deadline.
   */
  private static void stop(ProcessHandle postmaster, Path cluster) {
    postmaster.destroy();
    if (awaitExit(postmaster, GRACEFUL_STOP)) {
      log.info("stopped PostgreSQL pid {} on {}", postmaster.pid(), cluster);
      return;
    }
    log.warn("PostgreSQL pid {} did not stop within {}; killing it and its children",
        postmaster.pid(), GRACEFUL_STOP);
    List<ProcessHandle> children = postmaster.descendants().toList();
    postmaster.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    boolean gone = awaitExit(postmaster, FORCED_STOP)
        && children.stream().allMatch(child -> awaitExit(child, FORCED_STOP));
    if (!gone) {
      throw new IllegalStateException("PostgreSQL pid " + postmaster.pid() + " still runs on "
          + cluster + " after SIGKILL; refusing to start a second server on the same files");
    }
    // a killed postmaster leaves its postmaster.pid, and until reaped it is a zombie that
    // PostgreSQL's own liveness check (kill(pid, 0)) would take for a running server
    deletePidFile(cluster.resolve(EmbeddedPostmasterPid.FILE_NAME));
    log.info("killed PostgreSQL pid {} on {}", postmaster.pid(), cluster);
  }

  private static boolean awaitExit(ProcessHandle process, Duration deadline) {
    try {
      process.onExit().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + process.pid(), e);
    }
  }

  /**
   * Whether {@code process} is a postgres serving {@code cluster}, identified positively: every
   * PostgreSQL process works in its data directory, so its {@code /proc/<pid>/cwd} must be the
   * cluster (through symlinks too), or its {@code -D} must name it. A pid that a reboot gave to
   * another cluster's backend (whose arguments PostgreSQL overwrites) is NOT ours: it is never
   * signalled, and the stale pid file may go.
   */
  static boolean servesCluster(ProcessHandle process, Path cluster) {
    ProcessHandle.Info info = process.info();
    Optional<String> executable = info.command()
        .or(() -> info.commandLine().map(line -> line.split(" ", 2)[0]));
    boolean postgresExecutable = executable
        .map(command -> Path.of(command).getFileName())
        .map(name -> name.toString().equals("postgres") || name.toString().equals("postmaster"))
        .orElse(false);
    if (!postgresExecutable) {
      return false;
    }
    Path workingDirectory = Path.of("/proc", Long.toString(process.pid()), "cwd");
    if (sameDirectory(workingDirectory, cluster)) {
      return true;
    }
    String[] args = info.arguments().orElse(new String[0]);
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("-D")) {
        return sameDirectory(Path.of(args[i + 1]), cluster);
      }
    }
    return false;
  }

  private static boolean sameDirectory(Path serverDirectory, Path cluster) {
    try {
      return Files.isSameFile(serverDirectory, cluster);
    } catch (IOException | SecurityException e) {
      return false; // cannot prove it is ours: never signal a process we cannot identify
    }
  }

  private static void deletePidFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + file, e);
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
