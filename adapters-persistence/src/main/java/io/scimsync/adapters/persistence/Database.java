package io.scimsync.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's database, from start to shutdown: a HikariCP pool on the configured PostgreSQL, or
 * on an embedded one started in the data directory when none is configured, migrated to the
 * current schema before anything uses it. Every method blocks (start can take seconds: the
 * embedded server's first start unpacks its binaries and runs initdb), so call it at startup and
 * shutdown, or from the database executor, never from an actor's dispatcher.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final Optional<EmbeddedPostgresServer> server;
  private final String jdbcUrlForDisplay;
  private boolean closed;

  private Database(HikariDataSource dataSource, Optional<EmbeddedPostgresServer> server,
      String jdbcUrlForDisplay) {
    this.dataSource = dataSource;
    this.dsl = Migrations.dsl(dataSource);
    this.server = server;
    this.jdbcUrlForDisplay = jdbcUrlForDisplay;
  }

  /**
   * Opens the pool (on {@code settings.jdbcUrl()}, or on the embedded server, which it starts
   * first) and runs the Flyway migrations. Waits up to {@code connectionTimeout} for the first
   * connection.
   *
   * @throws IllegalStateException when the database cannot be reached or migrated; whatever was
   *     started is stopped again
   */
  public static Database start(DatabaseSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Optional<EmbeddedPostgresServer> server = settings.embedded()
        ? Optional.of(EmbeddedPostgresServer.start(settings.dataDirectory()))
        : Optional.empty();
    String url = server.map(EmbeddedPostgresServer::jdbcUrl).orElseGet(() -> settings.jdbcUrl().orElseThrow());
    String display = DatabaseSettings.hidePasswords(url);
    HikariDataSource pool = null;
    try {
      pool = new HikariDataSource(poolConfig(settings, url, server.isPresent()));
      Migrations.migrate(pool);
      log.info("database {} ready ({}, pool of {})", display,
          server.isPresent() ? "embedded" : "external", settings.poolSize());
      return new Database(pool, server, display);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      server.ifPresent(EmbeddedPostgresServer::close);
      throw new IllegalStateException("could not start database " + display + ": " + e.getMessage(), e);
    }
  }

  private static HikariConfig poolConfig(DatabaseSettings settings, String url, boolean embedded) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("scimsync-db");
    config.setJdbcUrl(url);
    if (!embedded) {
      settings.user().ifPresent(config::setUsername);
      settings.password().ifPresent(config::setPassword);
    }
    config.setMaximumPoolSize(settings.poolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    // a database still coming up (a restart of both, say) gets the same grace as a busy pool
    config.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
    // a partitioned network must not hang a worker forever: no statement here takes minutes
    // (the notification listener polls every 250 ms), and keep-alives find dead peers
    config.addDataSourceProperty("socketTimeout", "300");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return config;
  }

  /** The pool; sized by {@code poolSize}, so size the database executor to match. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** jOOQ on the pool (PostgreSQL dialect, unqualified names). */
  public DSLContext dsl() {
    return dsl;
  }

  /** True when this runs on the embedded server rather than a configured URL. */
  public boolean embedded() {
    return server.isPresent();
  }

  /** The JDBC URL with passwords replaced by {@code ***}: for logs and the admin API. */
  public String jdbcUrlForDisplay() {
    return jdbcUrlForDisplay;
  }

  /** Closes the pool, then stops the embedded server (if any); idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      dataSource.close();
    } finally {
      server.ifPresent(EmbeddedPostgresServer::close);
    }
    log.info("database {} closed", jdbcUrlForDisplay);
  }

  @Override
  public String toString() {
    return "Database[" + jdbcUrlForDisplay + (embedded() ? ", embedded" : "") + "]";
  }
}
