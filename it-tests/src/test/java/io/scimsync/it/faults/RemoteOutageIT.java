package io.scimsync.it.faults;

import static io.scimsync.it.faults.Directory.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.it.support.Waiting;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.store.ResourceStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A target that goes away and comes back: first a server that is stopped (connections refused)
 * and restarted on the same port with the same resources, then one that drops every connection
 * for a while. Changes made meanwhile reach it once it is back.
 */
class RemoteOutageIT {
  private static final String TOKEN = "outage-token";
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @Test
  void catchesUp_whenAStoppedTargetComesBackOnTheSamePort() {
    FakeScimServer first = FakeScimServer.builder().profile(ServerProfile.RFC).token(TOKEN)
        .start();
    boolean firstRunning = true;
    FakeScimServer second = null;
    try (RunningDaemon daemon = new RunningDaemon()) {
      Admin admin = daemon.admin();
      Directory directory = new Directory(admin);
      directory.putTeams(100, 10);
      admin.putProvider("away", first.baseUrl(), TOKEN, Map.of());
      admin.awaitConverged("away", CONVERGE);
      Remote.assertMirrors(first, directory, "before the outage");
      int port = first.port();
      ObjectNode before = first.state();
      first.stop();
      firstRunning = false;

      double failuresBefore = Metrics.objectFailures(admin, "away");
      changeEverything(directory);
      // connections are refused: an object's attempts fail at once, so within a few seconds
      // several objects have failed and wait for their retry
      Waiting.until("5 objects to fail against a target that refuses connections",
          Duration.ofSeconds(30),
          () -> Metrics.objectFailures(admin, "away") >= failuresBefore + 5);

      // seeded before it binds: a retry that lands on an empty server would see 404 and take
      // a DELETE as done
      second = FakeScimServer.builder().profile(ServerProfile.RFC).token(TOKEN).port(port)
          .seed(store -> restore(store, before)).start();
      admin.awaitConverged("away", CONVERGE);
      Remote.assertMirrors(second, directory, "after the target came back");
    } finally {
      if (firstRunning) {
        first.close();
      }
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  void catchesUp_whenATargetThatDroppedEveryConnectionRecovers() {
    try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.RFC)
        .token(TOKEN).start();
         RunningDaemon daemon = new RunningDaemon()) {
      Admin admin = daemon.admin();
      Directory directory = new Directory(admin);
      directory.putTeams(100, 10);
      admin.putProvider("dropping", server.baseUrl(), TOKEN, Map.of());
      admin.awaitConverged("dropping", CONVERGE);
      Remote.assertMirrors(server, directory, "before the outage");

      double failuresBefore = Metrics.objectFailures(admin, "dropping");
      server.inject(Faults.onAny("/**").dropConnection().always());
      changeEverything(directory);
      Waiting.until("creates, updates and deletes to have met a dropped connection, and 5 "
              + "objects to have failed", CONVERGE,
          () -> dropped(server, "POST") && dropped(server, "DELETE")
              && (dropped(server, "PUT") || dropped(server, "PATCH"))
              && Metrics.objectFailures(admin, "dropping") >= failuresBefore + 5);
      server.faults().clear();
      admin.awaitConverged("dropping", CONVERGE);
      Remote.assertMirrors(server, directory, "after the target recovered");
    }
  }

  private static boolean dropped(FakeScimServer server, String method) {
    return server.requests().stream().anyMatch(r -> r.status() == 0 && r.method().equals(method));
  }

  /** Creates, renames, deletes and membership changes of users and groups. */
  private static void changeEverything(Directory directory) {
    for (String id : ids("u", 0, 10)) {
      directory.deleteUser(id);
    }
    for (String id : ids("u", 40, 10)) {
      directory.putUser(id, "renamed-" + id + "@faults.example.com");
    }
    for (int g = 2; g < 6; g++) {
      directory.changeMembers("g-" + g, List.of(String.format("u-%05d", 90 + g)),
          List.of(String.format("u-%05d", g * 10 + 5)));
    }
    directory.deleteGroup("g-9");
    directory.putUsers(ids("n", 0, 10), 2);
    directory.putGroup("g-new", "team-new", ids("n", 0, 10));
  }

  /**
   * Puts the resources of a dump into an empty store in their order, so that they get their
   * old ids back (ids are handed out in sequence); fails if one does not.
   */
  private static void restore(ResourceStore store, ObjectNode dump) {
    for (JsonNode user : dump.path("users")) {
      ObjectNode created = store.create(ResourceStore.Kind.USERS,
          ((ObjectNode) user.deepCopy()));
      assertThat(created.path("id").asText()).isEqualTo(user.path("id").asText());
    }
    for (JsonNode group : dump.path("groups")) {
      ObjectNode created = store.create(ResourceStore.Kind.GROUPS,
          ((ObjectNode) group.deepCopy()));
      assertThat(created.path("id").asText()).isEqualTo(group.path("id").asText());
    }
  }
}
