package io.scimsync.it.faults;

import static io.scimsync.it.faults.Directory.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.it.support.Waiting;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replies slower than the SCIM request timeout. The fake applies a delayed write when its delay
 * is over, after the daemon gave up on it: the daemon cannot know whether a timed-out create,
 * update or delete happened, and must still end with exactly one remote object per local one.
 */
class TimeoutsIT {
  private static final String TOKEN = "timeouts-token";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration SLOW = Duration.ofMillis(1600);
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @Test
  void converges_withoutDuplicates_whenRepliesComeAfterTheRequestTimeout() {
    try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.RFC)
        .token(TOKEN).start();
         RunningDaemon daemon = new RunningDaemon(config ->
             Net.withScimTimeouts(config, Duration.ofSeconds(1), REQUEST_TIMEOUT))) {
      Admin admin = daemon.admin();
      Directory directory = new Directory(admin);
      directory.putTeams(100, 10);
      server.inject(Faults.on("POST", "/Users").latency(SLOW).atRate(0.2, 7));
      server.inject(Faults.on("POST", "/Groups").latency(SLOW).atRate(0.3, 8));
      server.inject(Faults.on("PATCH", "/Groups/*").latency(SLOW).atRate(0.3, 9));
      server.inject(Faults.on("PUT", "/Users/*").latency(SLOW).atRate(0.3, 10));
      server.inject(Faults.on("PATCH", "/Users/*").latency(SLOW).atRate(0.3, 10));
      server.inject(Faults.on("DELETE", "/**").latency(SLOW).atRate(0.3, 11));
      server.inject(Faults.on("GET", "/**").latency(SLOW).atRate(0.1, 12));

      admin.putProvider("slow", server.baseUrl(), TOKEN, Map.of());
      admin.awaitConverged("slow", CONVERGE);
      // a write the daemon gave up on is applied when its delay is over, possibly after the
      // changes below were written: it would undo one of them, as a real target that applies
      // requests out of order would (the next reconcile repairs that), so let it land first
      Waiting.until("the fake to have applied every delayed write", CONVERGE,
          () -> server.recorder().inFlight() == 0);
      Remote.assertMirrors(server, directory, "after the initial sync with slow replies");

      for (String id : ids("u", 0, 10)) {
        directory.deleteUser(id);
      }
      for (String id : ids("u", 50, 10)) {
        directory.putUser(id, "renamed-" + id + "@faults.example.com");
      }
      for (int g = 2; g < 8; g++) {
        directory.changeMembers("g-" + g, List.of(String.format("u-%05d", 90 + g)),
            List.of(String.format("u-%05d", g * 10 + 3)));
      }
      directory.deleteGroup("g-9");
      directory.putUsers(ids("n", 0, 10), 4);
      admin.awaitConverged("slow", CONVERGE);
      Remote.assertMirrors(server, directory, "after changes with slow replies");

      assertThat(server.requests()).as("some replies came after the request timeout")
          .filteredOn(r -> r.duration().compareTo(REQUEST_TIMEOUT) > 0).hasSizeGreaterThan(10);
    }
  }
}
