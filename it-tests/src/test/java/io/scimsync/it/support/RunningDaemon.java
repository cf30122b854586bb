package io.scimsync.it.support;

import io.scimsync.adapters.persistence.TestDatabase;
import io.scimsync.app.Daemon;
import io.scimsync.app.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The daemon in this JVM on a fresh PostgreSQL database or schema of its own (embedded, or the
 * server named by SCIMSYNC_TEST_DB_URL), admin API on a free loopback port. {@link #restart()}
 * starts a new daemon on the same database and data directory.
 */
public final class RunningDaemon implements AutoCloseable {
  private final TestDatabase database = TestDatabase.create();
  private final Path dataDir;
  private final UnaryOperator<AppConfig> tune;
  private Daemon daemon;
  private Admin admin;

  public RunningDaemon() {
    this(c -> c);
  }

  public RunningDaemon(UnaryOperator<AppConfig> tune) {
    this.tune = tune;
    try {
      dataDir = Files.createTempDirectory("scimsync-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  public AppConfig config() {
    return tune.apply(AppConfig.defaults(dataDir).withAdminPort(0)
        .withDatabaseUrl(Optional.of(database.jdbcUrl()))
        .withTimings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(200),
            Duration.ofSeconds(5)));
  }

  private void start() {
    daemon = Daemon.start(config());
    admin = new Admin(daemon.adminUrl(), daemon.adminToken());
  }

  public Admin admin() {
    return admin;
  }

  public Daemon daemon() {
    return daemon;
  }

  public TestDatabase database() {
    return database;
  }

  public Path dataDir() {
    return dataDir;
  }

  public void restart() {
    daemon.close();
    start();
  }

  @Override
  public void close() {
    try {
      daemon.close();
    } finally {
      database.close();
    }
  }
}
