package io.scimsync.it.faults;

import static io.scimsync.it.faults.Directory.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.it.support.Waiting;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.record.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A target answering HTML error pages, bodies that are not JSON, bodies cut short and bodies far
 * too large: the daemon stays up and healthy, another provider keeps converging meanwhile, and
 * once the target is sane again a reconcile brings it to the directory.
 */
class GarbageRepliesIT {
  private static final String TOKEN = "garbage-token";
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @Test
  void keepsRunningAndSparesOtherProviders_thenConverges_whenTheGarbageStops() {
    try (FakeScimServer garbage = FakeScimServer.builder().profile(ServerProfile.RFC)
        .token(TOKEN).start();
         FakeScimServer healthy = FakeScimServer.builder().profile(ServerProfile.RFC)
             .token(TOKEN).start();
         RunningDaemon daemon = new RunningDaemon()) {
      Admin admin = daemon.admin();
      Directory directory = new Directory(admin);
      directory.putTeams(60, 10);
      garbage.inject(Faults.on("GET", "/ServiceProviderConfig").hugeBody(20L << 20).always());
      garbage.inject(Faults.on("POST", "/Users").invalidJson().atRate(0.2, 21));
      garbage.inject(Faults.on("POST", "/Users").truncatedBody().atRate(0.2, 22));
      garbage.inject(Faults.on("POST", "/Users").html(502).atRate(0.2, 23));
      garbage.inject(Faults.on("POST", "/Groups").html(502).always());
      garbage.inject(Faults.on("PATCH", "/**").invalidJson(500).always());
      garbage.inject(Faults.on("PUT", "/**").html(503).always());
      garbage.inject(Faults.on("DELETE", "/**").truncatedBody().always());

      admin.putProvider("garbage", garbage.baseUrl(), TOKEN, Map.of());
      admin.putProvider("healthy", healthy.baseUrl(), TOKEN, Map.of());
      admin.awaitConverged("healthy", CONVERGE);
      Remote.assertMirrors(healthy, directory, "the healthy provider beside a garbage target");

      // changes while the garbage goes on: the healthy provider keeps up
      for (String id : ids("u", 0, 5)) {
        directory.deleteUser(id);
      }
      for (String id : ids("u", 20, 5)) {
        directory.putUser(id, "renamed-" + id + "@faults.example.com");
      }
      directory.changeMembers("g-3", List.of("u-00055"), List.of("u-00031"));
      directory.putUsers(ids("n", 0, 5), 2);
      admin.awaitConverged("healthy", CONVERGE);
      Remote.assertMirrors(healthy, directory, "the healthy provider after changes");
      Waiting.until("the garbage target to have been tried with every kind of garbage",
          CONVERGE, () -> faultsSeen(garbage).containsAll(Set.of("huge", "invalid-json",
              "truncated", "html")));
      assertThat(Net.health(daemon.daemon().adminUrl(), Duration.ofSeconds(5)))
          .as("/healthz while a target answers garbage").isEqualTo(200);

      garbage.faults().clear();
      admin.reconcile("garbage");
      admin.awaitConverged("garbage", CONVERGE);
      Remote.assertMirrors(garbage, directory, "the garbage target once it is sane again");
      Remote.assertMirrors(healthy, directory, "the healthy provider at the end");
    }
  }

  private static Set<String> faultsSeen(FakeScimServer server) {
    Set<String> kinds = new TreeSet<>();
    for (RecordedRequest r : server.requests()) {
      r.fault().ifPresent(f -> kinds.add(f.replaceAll("[=\\s].*", "")));
    }
    return kinds;
  }
}
