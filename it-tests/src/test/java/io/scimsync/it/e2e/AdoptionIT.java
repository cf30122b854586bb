package io.scimsync.it.e2e;

import static io.scimsync.it.e2e.VendorLifecycleIT.QUOTED_GROUP;
import static io.scimsync.it.e2e.VendorLifecycleIT.QUOTED_USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.it.support.Admin;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.fault.Faults;
import io.scimsync.testkit.record.RecordedRequest;
import io.scimsync.testkit.store.ResourceStore.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Remote users and groups that exist before the provider is added are adopted, never
 * duplicated: after a 409 on create (looked up by an exactly escaped filter), or by the discovery
 * of a reconcile, which sends no POST at all. Names carry quotes and backslashes.
 */
class AdoptionIT extends EndToEnd {

  /** What was on the target before the provider: two users and two groups, one with a member. */
  private record Seeded(String alice, String obrien, String labs, String eng) {}

  private static Seeded seed(FakeScimServer server) {
    String alice = create(server, Kind.USERS, "userName", "alice");
    String obrien = create(server, Kind.USERS, "userName", QUOTED_USER);
    ObjectNode labs = Admin.JSON.createObjectNode().put("displayName", QUOTED_GROUP);
    labs.putArray("members").addObject().put("value", alice).put("type", "User");
    String labsId = server.store().create(Kind.GROUPS, labs).path("id").asText();
    String eng = create(server, Kind.GROUPS, "displayName", "Engineering");
    return new Seeded(alice, obrien, labsId, eng);
  }

  private static String create(FakeScimServer server, Kind kind, String attribute, String name) {
    ObjectNode body = Admin.JSON.createObjectNode().put(attribute, name);
    return server.store().create(kind, body).path("id").asText();
  }

  /**
   * The local directory naming the seeded objects (with other attributes and members than the
   * target has), plus user bob, whom the target does not have, when {@code withBob}.
   */
  private void localDirectory(boolean withBob) {
    String alice = directory.user("alice", Map.of("userName", "alice", "displayName", "Alice A"));
    String obrien = directory.user("obrien", QUOTED_USER);
    directory.group("labs", QUOTED_GROUP, List.of(alice, obrien));
    if (withBob) {
      String bob = directory.user("bob", "bob");
      directory.group("eng", "Engineering", List.of(obrien, bob));
    } else {
      directory.group("eng", "Engineering", List.of(obrien));
    }
  }

  /** The seeded objects are the ones linked: same ids, nothing created twice. */
  private void assertAdopted(FakeScimServer server, Seeded seeded) {
    Remote remote = Remote.of(server);
    assertThat(remote.user("alice").path("id").asText()).isEqualTo(seeded.alice());
    assertThat(remote.user(QUOTED_USER).path("id").asText()).isEqualTo(seeded.obrien());
    assertThat(remote.group(QUOTED_GROUP).path("id").asText()).isEqualTo(seeded.labs());
    assertThat(remote.group("Engineering").path("id").asText()).isEqualTo(seeded.eng());
    assertThat(server.store().size(Kind.USERS)).isEqualTo(directory.users().size());
    assertThat(server.store().size(Kind.GROUPS)).isEqualTo(2);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(value = Vendor.class, names = {"RFC", "AWS", "WEBEX", "SLACK", "SALESFORCE",
      "GITLAB"})
  void adoptsPreExistingUsersAndGroups_whenCreateMeets409(Vendor vendor) {
    FakeScimServer server = server(vendor);
    Seeded seeded = seed(server);
    localDirectory(true);

    String provider = provider(vendor, server);
    converged(provider);

    assertAdopted(server, seeded);
    Remote.of(server).assertMirrors(directory);
    assertThat(server.recorder().count("POST", "/Users")).as("one POST per user").isEqualTo(3);
    assertThat(server.recorder().count("POST", "/Groups")).as("one POST per group").isEqualTo(2);
    assertThat(server.recorder().count("DELETE", "/Users/{id}")
        + server.recorder().count("DELETE", "/Groups/{id}")).isZero();
    // the lookups after 409 name the objects with SCIM string escaping (W1)
    assertThat(lookupFilters(server, "/Users")).containsExactlyInAnyOrder(
        "userName eq \"alice\"", "userName eq \"o\\\"brien\\\\x\"");
    assertThat(lookupFilters(server, "/Groups")).containsExactlyInAnyOrder(
        "displayName eq \"R&D \\\"Labs\\\" \\\\ 2\"", "displayName eq \"Engineering\"");
  }

  /**
   * The target holds 'Alice.Jones' and answers our 'alice.jones' with 409, as userName is
   * caseExact false: the one user whose name differs only in case is the account, adopted (not
   * refused, not duplicated), and written with our spelling.
   */
  @Test
  void adoptsTheUserWhoseUserNameDiffersOnlyInCase() {
    FakeScimServer server = server(Vendor.RFC);
    String theirs = create(server, Kind.USERS, "userName", "Alice.Jones");
    directory.user("alice", Map.of("userName", "alice.jones", "displayName", "Alice Jones"));

    String provider = provider(Vendor.RFC, server);
    JsonNode status = converged(provider);

    assertThat(status.path("failed")).as("failed objects: %s", status).isEmpty();
    assertThat(server.store().size(Kind.USERS)).as("nothing created twice").isEqualTo(1);
    assertThat(Remote.of(server).user("alice.jones").path("id").asText()).isEqualTo(theirs);
    Remote.of(server).assertMirrors(directory);
  }

  private static List<String> lookupFilters(FakeScimServer server, String endpoint) {
    return server.recorder().requests("GET", endpoint).stream()
        .map(RecordedRequest::query).filter(q -> q.containsKey("filter"))
        .map(q -> q.get("filter")).toList();
  }

  /**
   * vCenter cannot filter, so a 409 cannot be resolved by a lookup: the objects are reported
   * failed with the conflict, and the next reconcile adopts them by discovery.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(value = Vendor.class, names = "VCENTER")
  void reportsTheConflict_thenAdoptsOnReconcile_whenTheTargetCannotFilter(Vendor vendor) {
    FakeScimServer server = server(vendor);
    Seeded seeded = seed(server);
    localDirectory(true);

    String provider = provider(vendor, server);
    JsonNode status = admin.awaitConverged(provider, CONVERGE);
    assertThat(status.path("failed")).extracting(f -> f.path("id").asText())
        .containsExactlyInAnyOrder(directory.id("alice"), directory.id("obrien"),
            directory.id("labs"), directory.id("eng"));
    assertThat(status.path("failed")).allSatisfy(f ->
        assertThat(f.path("status").asInt()).as("%s", f).isEqualTo(409));

    reconciled(provider);
    assertAdopted(server, seeded);
    Remote.of(server).assertMirrors(directory);
  }

  /**
   * A reconcile lists the target and links the exact matches before it writes anything: no POST
   * reaches the target. The provider's first attempts are refused (400) so that the objects are
   * still unlinked when the reconcile starts.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(Vendor.class)
  void adoptsByDiscovery_onReconcile_withoutAnyPost(Vendor vendor) {
    FakeScimServer server = server(vendor);
    Seeded seeded = seed(server);
    server.inject(Faults.on("POST", "/Users").status(400).always());
    server.inject(Faults.on("POST", "/Groups").status(400).always());
    localDirectory(false);
    String provider = provider(vendor, server);
    JsonNode status = admin.awaitConverged(provider, CONVERGE);
    assertThat(status.path("failed")).as("refused creates: %s", status).hasSize(4);

    server.faults().clear();
    server.recorder().reset();
    reconciled(provider);

    assertThat(server.recorder().count("POST", "/Users")
        + server.recorder().count("POST", "/Groups"))
        .as("POSTs; requests:%s", Remote.describe(server.requests())).isZero();
    assertThat(server.recorder().count("DELETE", "/Users/{id}")
        + server.recorder().count("DELETE", "/Groups/{id}")).isZero();
    assertAdopted(server, seeded);
    Remote.of(server).assertMirrors(directory);
    assertThat(admin.status(provider).path("lastReconcile").path("counts").path("adopted")
        .asInt()).isEqualTo(4);
  }
}
