package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.record.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole life of a directory on each vendor profile: initial sync of users and groups with
 * members, membership add and remove, group rename, user attribute change, user and group
 * delete. After every step the remote equals the directory and the step cost exactly the
 * requests it needs (no GET before a write).
 */
class VendorLifecycleIT extends EndToEnd {
  static final String QUOTED_USER = "o\"brien\\x";
  static final String QUOTED_GROUP = "R&D \"Labs\" \\ 2";

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(Vendor.class)
  void keepsTheRemoteEqualToTheDirectory_throughCreateChangeAndDelete(Vendor vendor) {
    FakeScimServer server = server(vendor);
    String alice = directory.user("alice", "alice");
    String bob = directory.user("bob", "bob");
    String carol = directory.user("carol", "carol");
    String obrien = directory.user("obrien", Map.of("userName", QUOTED_USER,
        "displayName", "O'Brien \"X\" \\"));
    String dave = directory.user("dave", "dave");
    String eng = directory.group("eng", "Engineering", List.of(alice, bob, obrien));
    String labs = directory.group("labs", QUOTED_GROUP, List.of(carol, obrien, dave));
    String empty = directory.group("empty", "Nobody", List.of());

    // initial sync: one POST per object, then one membership write per group with members
    String provider = provider(vendor, server);
    JsonNode status = converged(provider);
    Remote.of(server).assertMirrors(directory);
    assertThat(status.path("synced").path("users").asLong()).isEqualTo(5);
    assertThat(status.path("synced").path("groups").asLong()).isEqualTo(3);
    assertThat(Remote.resourceRequests(server)).as("requests:%s",
            Remote.describe(server.requests()))
        .noneMatch(r -> r.method().equals("GET"));
    assertThat(server.recorder().count("POST", "/Users")).isEqualTo(5);
    assertThat(server.recorder().count("POST", "/Groups")).isEqualTo(3);
    assertThat(server.recorder().count("DELETE", "/Users/{id}")
        + server.recorder().count("DELETE", "/Groups/{id}")).isZero();
    if (vendor.patchesGroups()) {
      // created empty, then filled by one PATCH each (members <= 100)
      assertThat(server.recorder().count("PATCH", "/Groups/{id}")).isEqualTo(2);
      assertThat(server.recorder().count("PUT", "/Groups/{id}")).isZero();
    } else {
      // a PUT target: the POST carries the full member list
      assertThat(server.recorder().count("PATCH", "/Groups/{id}")).isZero();
      assertThat(server.recorder().count("PUT", "/Groups/{id}")).isZero();
    }
    assertThat(Remote.mutating(server)).hasSize(5 + 3 + (vendor.patchesGroups() ? 2 : 0));

    // membership add and remove: one write to the group, no GET
    Counts step = Counts.of(server);
    directory.changeMembers(eng, List.of(carol, dave), List.of(bob));
    converged(provider);
    Remote.of(server).assertMirrors(directory);
    assertThat(step.since()).isEqualTo(Map.of(groupWrite(vendor), 1L));

    // group rename: one write, no GET
    step = Counts.of(server);
    directory.renameGroup(labs, QUOTED_GROUP + " renamed");
    converged(provider);
    Remote.of(server).assertMirrors(directory);
    assertThat(step.since()).isEqualTo(Map.of(groupWrite(vendor), 1L));

    // user attribute change: one write, no GET
    step = Counts.of(server);
    directory.user("alice", Map.of("userName", "alice", "displayName", "Alice Liddell",
        "email", "alice@example.org"));
    converged(provider);
    Remote remote = Remote.of(server);
    remote.assertMirrors(directory);
    assertThat(remote.user("alice").path("displayName").asText()).isEqualTo("Alice Liddell");
    assertThat(remote.user("alice").path("emails").path(0).path("value").asText())
        .isEqualTo("alice@example.org");
    assertThat(step.since()).isEqualTo(Map.of(userWrite(vendor), 1L));

    // user delete: the remote user goes, and with it its memberships
    step = Counts.of(server);
    directory.deleteUser(carol);
    converged(provider);
    Remote.of(server).assertMirrors(directory);
    assertThat(step.since()).containsEntry("DELETE /Users/{id}", 1L)
        .doesNotContainKeys("POST /Users", "POST /Groups", "DELETE /Groups/{id}",
            "GET /Users/{id}", "GET /Groups/{id}", "GET /Users", "GET /Groups");

    // group delete
    step = Counts.of(server);
    directory.deleteGroup(empty);
    directory.deleteGroup(eng);
    converged(provider);
    Remote.of(server).assertMirrors(directory);
    assertThat(step.since()).isEqualTo(Map.of("DELETE /Groups/{id}", 2L));
    assertThat(Remote.resourceRequests(server).stream().map(RecordedRequest::method))
        .doesNotContain("GET");
  }

  private static String groupWrite(Vendor vendor) {
    return (vendor.patchesGroups() ? "PATCH" : "PUT") + " /Groups/{id}";
  }

  /** AWS and vCenter profiles write users with PUT; the others PATCH the changed attributes. */
  private static String userWrite(Vendor vendor) {
    return (vendor == Vendor.AWS || vendor == Vendor.VCENTER ? "PUT" : "PATCH") + " /Users/{id}";
  }
}
