package io.scimsync.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.it.support.Admin;
import io.scimsync.it.support.RunningDaemon;
import io.scimsync.it.support.Waiting;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.store.ResourceStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A create whose answer is lost: the fake makes the user, but answers after the daemon's request
 * timeout, so the daemon cannot know whether its POST happened. On a target that allows duplicate
 * names, only a lookup before anything else stands between that and a second account (when the
 * create is retried) or an active orphan (when the user is deleted locally meanwhile).
 */
class LostCreateAnswerIT {
  private static final String TOKEN = "lost-create-token";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration SLOW = Duration.ofMillis(1500);
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  private static RunningDaemon daemon() {
    // the retry waits at least 2.5 s: the slow create has landed by then, and the test's local
    // delete comes before it
    return new RunningDaemon(config -> Net.withScimTimeouts(config, Duration.ofSeconds(1),
        REQUEST_TIMEOUT).withTimings(config.pollInterval(), config.lease(), Duration.ofSeconds(5),
        Duration.ofSeconds(5)));
  }

  @Test
  void aRetriedCreateWhoseFirstAnswerWasLost_isLookedUpAndAdopted_notSentTwice() {
    try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.ENTRA_LIKE)
        .token(TOKEN).start();
         RunningDaemon daemon = daemon()) {
      Admin admin = daemon.admin();
      server.inject(Faults.on("POST", "/Users").latency(SLOW).firstTimes(1));
      admin.putProvider("entra", server.baseUrl(), TOKEN, Map.of());
      admin.putUser("ada", "ada@lost.example.com");

      admin.awaitConverged("entra", CONVERGE);

      assertThat(server.store().size(ResourceStore.Kind.USERS)).as("remote users").isEqualTo(1);
      assertThat(server.requests()).filteredOn(r -> r.method().equals("POST")
          && r.path().endsWith("/Users")).as("POST /Users").hasSize(1);
      assertThat(Metrics.objectFailures(admin, "entra")).as("the lost answer was a failure")
          .isEqualTo(1);
    }
  }

  @Test
  void aUserDeletedWhileItsCreateWasInDoubt_isFoundAndDeletedRemotely() {
    try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.ENTRA_LIKE)
        .token(TOKEN).start();
         RunningDaemon daemon = daemon()) {
      deletedWhileInDoubt(server, daemon, "entra", Map.of());

      assertThat(server.store().size(ResourceStore.Kind.USERS))
          .as("remote users left after the local delete").isZero();
      assertThat(server.requests()).filteredOn(r -> r.method().equals("DELETE"))
          .as("DELETE /Users/{id}").hasSize(1);
    }
  }

  @Test
  void aUserDeletedWhileItsCreateWasInDoubt_isDeactivated_whenTheProviderDeactivates() {
    try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.ENTRA_LIKE)
        .token(TOKEN).start();
         RunningDaemon daemon = daemon()) {
      deletedWhileInDoubt(server, daemon, "entra", Map.of("deprovision", "deactivate"));

      JsonNode users = server.state().path("users");
      assertThat(users).as("remote users").hasSize(1);
      assertThat(users.get(0).path("active").asBoolean(true)).as("active").isFalse();
    }
  }

  /**
   * A target that cannot filter (vCenter) gives no lookup: the mark of the create in doubt
   * stays, and the next reconcile finds the remote user in its listing (by the externalId the
   * create carried) and deletes it.
   */
  @Test
  void aUserDeletedWhileItsCreateWasInDoubt_isFoundByTheReconcile_whenTheTargetCannotFilter() {
    try (FakeScimServer server = FakeScimServer.builder().profile(ServerProfile.VCENTER)
        .token(TOKEN).start();
         RunningDaemon daemon = daemon()) {
      Admin admin = deletedWhileInDoubt(server, daemon, "vcenter",
          Map.of("compatibilityMode", "vcenter"));
      assertThat(server.store().size(ResourceStore.Kind.USERS))
          .as("the created user, not yet found").isEqualTo(1);

      admin.reconcile("vcenter");
      admin.awaitConverged("vcenter", CONVERGE);
      assertThat(server.store().size(ResourceStore.Kind.USERS))
          .as("remote users left after the reconcile").isZero();
      assertThat(server.requests()).filteredOn(r -> r.method().equals("DELETE"))
          .as("DELETE /Users/{id}").hasSize(1);
    }
  }

  /**
   * Provider {@code name} on {@code server}, user ada created with its answer lost, then ada
   * deleted locally and the provider converged.
   */
  private static Admin deletedWhileInDoubt(FakeScimServer server, RunningDaemon daemon,
                                           String name, Map<String, ?> settings) {
    Admin admin = daemon.admin();
    server.inject(Faults.on("POST", "/Users").latency(SLOW).firstTimes(1));
    admin.putProvider(name, server.baseUrl(), TOKEN, settings);
    admin.putUser("ada", "ada@lost.example.com");
    Waiting.until("the create's answer is lost", CONVERGE,
        () -> Metrics.objectFailures(admin, name) >= 1);
    admin.deleteUser("ada");
    admin.awaitConverged(name, CONVERGE);
    return admin;
  }
}
