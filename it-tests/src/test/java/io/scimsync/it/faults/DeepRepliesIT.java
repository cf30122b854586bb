package io.scimsync.it.faults;

import static io.scimsync.it.faults.Directory.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.store.ResourceStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A target whose reads answer JSON nested 10,000 levels deep, far past what a recursive walker
 * survives: the reconcile fails exactly the objects whose reads are deep, with the reason, brings
 * the others back to the directory, and neither the daemon nor another provider notices.
 */
class DeepRepliesIT {
  private static final String TOKEN = "deep-token";
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final int LEVELS = 10_000;

  @Test
  void failsTheObjectsWhoseReadsAreTooDeep_andTheRestConverges() {
    try (FakeScimServer deep = FakeScimServer.builder().profile(ServerProfile.RFC).token(TOKEN)
        .start();
         FakeScimServer healthy = FakeScimServer.builder().profile(ServerProfile.RFC)
             .token(TOKEN).start();
         RunningDaemon daemon = new RunningDaemon()) {
      Admin admin = daemon.admin();
      Directory directory = new Directory(admin);
      directory.putTeams(30, 10);
      admin.putProvider("deep", deep.baseUrl(), TOKEN, Map.of());
      admin.putProvider("healthy", healthy.baseUrl(), TOKEN, Map.of());
      admin.awaitConverged("deep", CONVERGE);
      admin.awaitConverged("healthy", CONVERGE);
      Remote.assertMirrors(deep, directory, "before the deep replies");

      // drift on the target that only the reconcile's reads can see
      Remote remote = Remote.of(deep);
      String drifted = remote.userId(Directory.userName("u-00012"));
      ObjectNode changed = deep.store().get(ResourceStore.Kind.USERS, drifted).deepCopy();
      changed.put("userName", "someone-else@faults.example.com");
      deep.store().replace(ResourceStore.Kind.USERS, drifted, changed, Optional.empty());

      // list pages and the reads of two users and of every group nest 10,000 deep
      deep.inject(Faults.on("GET", "/Users").deepJson(LEVELS).always());
      deep.inject(Faults.on("GET", "/Groups").deepJson(LEVELS).always());
      deep.inject(Faults.on("GET", "/Groups/*").deepJson(LEVELS).always());
      Set<String> deepUsers = new TreeSet<>(List.of("u-00003", "u-00004"));
      for (String id : deepUsers) {
        deep.inject(Faults.on("GET", "/Users/" + remote.userId(Directory.userName(id)))
            .deepJson(LEVELS).always());
      }

      long reconcilesBefore = lastReconcileId(admin.status("deep"));
      admin.reconcile("deep");
      JsonNode status = admin.awaitStatus("deep", CONVERGE,
          s -> lastReconcileId(s) > reconcilesBefore
              && !s.path("lastReconcile").path("finishedAt").isNull()
              && s.path("pending").asLong() == 0 && s.path("inFlight").asInt() == 0);

      Set<String> failed = new TreeSet<>();
      for (JsonNode f : status.path("failed")) {
        failed.add(f.path("id").asText());
        assertThat(f.path("error").asText()).as("the reason of %s", f)
            .contains("nested too deep");
      }
      Set<String> expected = new TreeSet<>(deepUsers);
      expected.addAll(List.of("g-0", "g-1", "g-2"));
      assertThat(failed).as("failed objects of the deep target: %s", status)
          .isEqualTo(expected);
      assertThat(deep.store().get(ResourceStore.Kind.USERS, drifted).path("userName").asText())
          .as("the drifted user, read without a fault, is brought back")
          .isEqualTo(Directory.userName("u-00012"));
      assertThat(deep.requests().stream().filter(r -> r.fault().orElse("").startsWith("deep"))
          .count()).as("reads answered deep").isGreaterThanOrEqualTo(expected.size());

      // the daemon is up, and the other provider converges on changes made after
      assertThat(Net.health(daemon.daemon().adminUrl(), Duration.ofSeconds(5)))
          .as("/healthz after 10,000-deep replies").isEqualTo(200);
      directory.putUser("u-00020", "renamed-u-00020@faults.example.com");
      directory.putUsers(ids("n", 0, 3), 2);
      admin.awaitConverged("healthy", CONVERGE);
      Remote.assertMirrors(healthy, directory, "the healthy provider beside the deep target");

      // once the target is sane, the failed objects are brought back too
      deep.faults().clear();
      admin.reconcile("deep");
      admin.awaitStatus("deep", CONVERGE, s -> s.path("failed").isEmpty()
          && s.path("pending").asLong() == 0 && s.path("inFlight").asInt() == 0
          && !s.path("reconciling").asBoolean());
      Remote.assertMirrors(deep, directory, "the deep target once it is sane again");
    }
  }

  private static long lastReconcileId(JsonNode status) {
    return status.path("lastReconcile").path("id").asLong(0);
  }
}
