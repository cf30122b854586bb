package io.scimsync.it.faults;

import static io.scimsync.it.faults.Directory.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.app.Daemon;
import io.scimsync.app.config.AppConfig;
import io.scimsync.it.support.Admin;
import io.scimsync.it.support.Waiting;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's PostgreSQL stops in the middle of an initial sync of 500 users and starts again on
 * the same files and port: the daemon reports itself unhealthy meanwhile, then resumes on its own
 * (no restart) and converges with nothing lost.
 */
class DatabaseRestartIT {
  private static final String TOKEN = "database-restart-token";
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @TempDir
  Path temp;

  @Test
  void resumesWithoutARestart_whenItsDatabaseComesBackUnderLoad() throws Exception {
    int pgPort = Net.freePort();
    Path pgData = temp.resolve("postgres");
    EmbeddedPostgres postgres = startPostgres(pgData, pgPort);
    try {
      try (Connection c = postgres.getPostgresDatabase().getConnection();
           Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE scimsync");
      }
      String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/scimsync?user=postgres";
      // a short lease: an object whose result could not be stored comes back when it ends
      AppConfig config = AppConfig.defaults(temp.resolve("daemon")).withAdminPort(0)
          .withDatabaseUrl(Optional.of(url))
          .withTimings(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMillis(200),
              Duration.ofSeconds(2));
      try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.RFC)
          .token(TOKEN).latency(Duration.ofMillis(20)).start();
           Daemon daemon = Daemon.start(config)) {
        Admin admin = new Admin(daemon.adminUrl(), daemon.adminToken());
        Directory directory = new Directory(admin);
        directory.putTeams(500, 50);
        admin.putProvider("p", server.baseUrl(), TOKEN, Map.of("maxConcurrency", 4));
        Waiting.until("the sync to be under way", CONVERGE,
            () -> server.recorder().count("POST", "/Users") >= 100);

        postgres.close();
        Instant outage = Instant.now();
        long postsAtOutage = server.recorder().count("POST", "/Users");
        assertThat(postsAtOutage).as("the database went away in the middle of the sync")
            .isLessThan(500);
        // the outage lasts a few seconds, in which every claim and store fails; /healthz is
        // asked as a probe would (5 s timeout; 0 = no answer in time), checked at the end
        int[] healthDuringOutage = {-1};
        Waiting.until("/healthz to answer 503, or ten seconds of outage", Duration.ofSeconds(30),
            () -> {
              healthDuringOutage[0] = Net.health(daemon.adminUrl(), Duration.ofSeconds(5));
              return Instant.now().isAfter(outage.plusSeconds(healthDuringOutage[0] == 503 ? 3
                  : 10));
            });

        postgres = startPostgres(pgData, pgPort);
        Waiting.until("/healthz to answer 200 once the database is back", Duration.ofSeconds(60),
            () -> Net.health(daemon.adminUrl(), Duration.ofSeconds(5)) == 200);
        // the API writes again, and so does the sync
        for (String id : ids("u", 0, 10)) {
          directory.deleteUser(id);
        }
        directory.putUsers(ids("n", 0, 20), 4);
        directory.changeMembers("g-9", ids("n", 0, 20), ids("u", 450, 5));
        admin.awaitConverged("p", CONVERGE);
        Remote.assertMirrors(server, directory, "after the database came back");
        assertThat(healthDuringOutage[0])
            .as("/healthz within 5 s while the database was down (0 = no answer in time)")
            .isEqualTo(503);
      }
    } finally {
      postgres.close();
    }
  }

  private static EmbeddedPostgres startPostgres(Path dataDir, int port) {
    try {
      return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
          .setPort(port).setServerConfig("listen_addresses", "127.0.0.1").start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL on port " + port, e);
    }
  }
}
