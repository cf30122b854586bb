package io.scimsync.it.faults;

import static io.scimsync.it.faults.Directory.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bursts of 5xx on a seeded 30 % of the writes (and some reads): every failure is transient, so
 * the daemon retries until the remote mirrors the directory, and no retried create leaves a
 * second copy behind.
 */
class ServerErrorsIT {
  private static final String TOKEN = "server-errors-token";
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @Test
  void converges_withoutDuplicates_whenAThirdOfTheWritesAnswer5xx() {
    try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.RFC)
        .token(TOKEN).start();
         RunningDaemon daemon = new RunningDaemon()) {
      Admin admin = daemon.admin();
      Directory directory = new Directory(admin);
      directory.putUsers(ids("u", 0, 200), 4);
      for (int g = 0; g < 20; g++) {
        // overlapping groups of 15: most users are in two groups
        directory.putGroup("g-" + g, "team-" + g, ids("u", g * 10, 15).stream()
            .filter(id -> Integer.parseInt(id.substring(2)) < 200).toList());
      }
      server.inject(Faults.on("POST", "/**").status(503).atRate(0.3, 1));
      server.inject(Faults.on("PUT", "/**").status(502).atRate(0.3, 2));
      server.inject(Faults.on("PATCH", "/**").status(503).atRate(0.3, 3));
      server.inject(Faults.on("DELETE", "/**").status(500).atRate(0.3, 4));
      server.inject(Faults.on("GET", "/**").status(504).atRate(0.1, 5));

      admin.putProvider("flaky", server.baseUrl(), TOKEN, Map.of());
      admin.awaitConverged("flaky", CONVERGE);
      Remote.assertMirrors(server, directory, "after the initial sync under 5xx");

      // every kind of change, under the same faults
      for (String id : ids("u", 0, 20)) {
        directory.deleteUser(id);
      }
      for (String id : ids("u", 100, 10)) {
        directory.putUser(id, "renamed-" + id + "@faults.example.com");
      }
      for (int g = 5; g < 15; g++) {
        directory.changeMembers("g-" + g, List.of("u-00" + (150 + g), "u-00" + (170 + g)),
            List.of(String.format("u-%05d", g * 10 + 1), String.format("u-%05d", g * 10 + 2)));
      }
      directory.deleteGroup("g-18");
      directory.deleteGroup("g-19");
      directory.putUsers(ids("n", 0, 20), 4);
      directory.putGroup("g-new", "team-new", ids("n", 0, 20));
      admin.awaitConverged("flaky", CONVERGE);
      Remote.assertMirrors(server, directory, "after changes under 5xx");

      assertThat(server.requests()).as("the faults fired")
          .filteredOn(r -> r.status() >= 500).hasSizeGreaterThan(50);
    }
  }
}
