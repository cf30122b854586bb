package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dataDirectory;

  @Test
  void keepsData_acrossARestartOfTheEmbeddedServer() {
    DatabaseSettings settings = DatabaseSettings.embedded(dataDirectory);
    try (Database db = Database.start(settings)) {
      assertThat(db.embedded()).isTrue();
      db.dsl().insertInto(DIRECTORY_USER)
          .set(DIRECTORY_USER.ID, "u-1").set(DIRECTORY_USER.USER_NAME, "ada")
          .set(DIRECTORY_USER.ACTIVE, true).set(DIRECTORY_USER.UPDATED_AT, OffsetDateTime.now())
          .execute();
    }
    assertThat(dataDirectory.resolve("postgres").resolve(EmbeddedPostmasterPid.FILE_NAME))
        .as("the server stopped on close").doesNotExist();

    try (Database db = Database.start(settings)) {
      assertThat(db.dsl().select(DIRECTORY_USER.USER_NAME).from(DIRECTORY_USER)
          .where(DIRECTORY_USER.ID.eq("u-1")).fetchOne(DIRECTORY_USER.USER_NAME))
          .isEqualTo("ada");
      assertThat(appliedMigrations(db.dsl())).as("migrated once, not again").containsExactly("1", "2", "3");
    }
  }

  @Test
  void migratesAndPoolsOnTheConfiguredUrl_inExternalMode() {
    try (TestDatabase external = TestDatabase.create()) {
      String url = ((HikariDataSource) external.dataSource()).getJdbcUrl();
      try (Database db = Database.start(DatabaseSettings.external(url, dataDirectory).withPoolSize(2))) {
        assertThat(db.embedded()).isFalse();
        assertThat(db.jdbcUrlForDisplay()).isEqualTo(DatabaseSettings.hidePasswords(url));
        assertThat(db.dsl().fetchCount(DIRECTORY_USER)).isZero();
        assertThat(appliedMigrations(db.dsl())).containsExactly("1", "2", "3");
        assertThat(((HikariDataSource) db.dataSource()).getMaximumPoolSize()).isEqualTo(2);
      }
      assertThat(dataDirectory.resolve("postgres")).as("no embedded server").doesNotExist();
    }
  }

  @Test
  void connectsWithCredentials_andNeverShowsThePassword() throws Exception {
    // a server of our own stands in for an external PostgreSQL with a dedicated role
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory.resolve("external"))) {
      try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
        s.execute("CREATE ROLE scimsync_app LOGIN PASSWORD 'app-secret'");
        s.execute("CREATE DATABASE app OWNER scimsync_app");
      }
      String base = "jdbc:postgresql://localhost:" + server.port() + "/app";

      DatabaseSettings separate = DatabaseSettings.external(base, dataDirectory)
          .withCredentials("scimsync_app", "app-secret");
      assertThat(separate.toString()).doesNotContain("app-secret").contains("password=***");
      try (Database db = Database.start(separate)) {
        assertThat(db.dsl().fetchValue(DSL.field("current_user", String.class))).isEqualTo("scimsync_app");
        assertThat(db.jdbcUrlForDisplay()).isEqualTo(base);
      }

      try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
        s.execute("ALTER ROLE scimsync_app PASSWORD 'url-secret'");
      }
      DatabaseSettings inUrl = DatabaseSettings.external(
          base + "?user=scimsync_app&password=url-secret", dataDirectory);
      assertThat(inUrl.toString()).doesNotContain("url-secret");
      try (Database db = Database.start(inUrl)) {
        assertThat(db.jdbcUrlForDisplay()).isEqualTo(base + "?user=scimsync_app&password=***");
        assertThat(db.toString()).doesNotContain("url-secret");
        assertThat(db.dsl().fetchValue(DSL.field("current_user", String.class))).isEqualTo("scimsync_app");
      }
    }
  }

  @Test
  void hidesEveryPasswordParameter() {
    assertThat(DatabaseSettings.hidePasswords(
        "jdbc:postgresql://db.example.com:5432/scimsync?user=u&password=p1&sslpassword=p2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db.example.com:5432/scimsync?user=u&password=***&sslpassword=***&ssl=true");
    assertThat(DatabaseSettings.hidePasswords("jdbc:postgresql://u:p3@db.example.com/scimsync?PASSWORD=p4"))
        .isEqualTo("jdbc:postgresql://u:***@db.example.com/scimsync?PASSWORD=***");
    assertThat(DatabaseSettings.hidePasswords("jdbc:postgresql://db.example.com/scimsync"))
        .isEqualTo("jdbc:postgresql://db.example.com/scimsync");
  }

  @Test
  void failsWithoutShowingThePassword_whenTheServerIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    DatabaseSettings settings = DatabaseSettings.external(
            "jdbc:postgresql://127.0.0.1:" + closedPort + "/scimsync?user=u&password=never-shown", dataDirectory)
        .withConnectionTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> Database.start(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("never-shown");
  }

  private static java.util.List<String> appliedMigrations(DSLContext dsl) {
    return dsl.select(DSL.field("version", String.class))
        .from(DSL.table("flyway_schema_history"))
        .where(DSL.field("success", Boolean.class).isTrue())
        .fetch(DSL.field("version", String.class));
  }
}
