package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.Quirk;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.record.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A target that stores emails in lower case, as RFC 7643 §4.1.2 says it SHOULD: what it answers
 * differs in case from what was sent. A reconcile must take that for the target's spelling, not
 * drift, or it sends the same PATCH on every reconcile; a change of case made in the directory
 * is still sent.
 */
class CanonicalisingTargetIT extends EndToEnd {
  @Test
  void aReconcileSendsNothing_whenTheTargetOnlyLowerCasedTheEmail() {
    FakeScimServer server = server(ServerProfile.RFC.with(Quirk.LOWERCASE_EMAILS));
    directory.user("alice", Map.of("userName", "alice", "email", "Alice.Smith@Example.COM",
        "displayName", "Alice Smith"));
    String provider = provider("canonical", server.baseUrl(), Map.of());
    converged(provider);
    assertThat(server.state().path("users").path(0).path("emails").path(0).path("value")
        .asText()).as("the fake stores it in lower case").isEqualTo("alice.smith@example.com");

    for (int round = 1; round <= 2; round++) {
      server.recorder().reset();
      reconciled(provider);
      assertThat(writes(server)).as("writes of reconcile %d", round).isEmpty();
    }

    // the directory changes the case: that is a change, and it is sent
    directory.user("alice", Map.of("userName", "alice", "email", "ALICE.SMITH@example.com",
        "displayName", "Alice Smith"));
    server.recorder().reset();
    converged(provider);
    assertThat(writes(server)).as("a change of case made locally").hasSize(1);
  }

  private static List<String> writes(FakeScimServer server) {
    return server.requests().stream().filter(r -> !r.method().equals("GET"))
        .map(r -> r.method() + " " + r.path() + " " + r.body()).toList();
  }
}
