package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.it.support.Admin;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.store.ResourceStore.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A dry-run provider reads and never writes, yet its status converges; a plan lists the requests
 * a reconcile would send, and sends none of them.
 */
class DryRunAndPlanIT extends EndToEnd {

  private List<String> sampleDirectory() {
    String alice = directory.user("alice", "alice");
    String bob = directory.user("bob", "bob");
    String obrien = directory.user("obrien", VendorLifecycleIT.QUOTED_USER);
    directory.group("eng", "Engineering", List.of(alice, bob));
    directory.group("labs", VendorLifecycleIT.QUOTED_GROUP, List.of(obrien));
    return List.of(alice, bob, obrien);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(Vendor.class)
  void sendsNothingMutating_inDryRun_whileTheStatusConverges(Vendor vendor) {
    FakeScimServer server = server(vendor);
    List<String> users = sampleDirectory();

    String provider = provider(vendor, server, Map.of("dryRun", true));
    JsonNode status = converged(provider);
    assertThat(status.path("dryRun").asBoolean()).isTrue();

    directory.changeMembers(directory.id("eng"), List.of(users.get(2)), List.of(users.get(0)));
    directory.user("bob", Map.of("userName", "bob", "displayName", "Bob B"));
    directory.deleteGroup(directory.id("labs"));
    converged(provider);

    Remote.assertNoMutatingRequest(server);
    assertThat(server.store().size(Kind.USERS)).isZero();
    assertThat(server.store().size(Kind.GROUPS)).isZero();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(Vendor.class)
  void plan_listsACreatePerObject_andSendsNoMutatingRequest(Vendor vendor) {
    FakeScimServer server = server(vendor);
    List<String> users = sampleDirectory();
    String provider = provider(vendor, server, Map.of("dryRun", true));
    converged(provider);

    JsonNode plan = admin.plan(provider);

    Remote.assertNoMutatingRequest(server);
    assertThat(plan.path("truncated").asBoolean()).isFalse();
    List<String> planned = describe(plan);
    List<String> expected = new ArrayList<>();
    users.forEach(id -> expected.add("user '" + id + "' POST /Users"));
    expected.add("group '" + directory.id("eng") + "' POST /Groups");
    expected.add("group '" + directory.id("labs") + "' POST /Groups");
    // a withheld POST ends the object's run: there is no id to write members to
    assertThat(planned).as("plan %s", plan).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(plan.path("total").asInt()).isEqualTo(expected.size());
    JsonNode obrienCreate = request(plan, "user '" + users.get(2) + "'", "POST").orElseThrow();
    assertThat(obrienCreate.path("body").path("userName").asText())
        .isEqualTo(VendorLifecycleIT.QUOTED_USER);
    assertThat(server.store().size(Kind.USERS)).isZero();
  }

  /**
   * A converged provider whose target drifted (an attribute and a member changed behind its
   * back): the plan lists exactly the repair, sends none of it, and the reconcile then sends
   * what the plan listed.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(value = Vendor.class, mode = EnumSource.Mode.EXCLUDE, names = {"AWS", "VCENTER"})
  void plan_listsTheRepairOfRemoteDrift_thatTheReconcileThenSends(Vendor vendor) {
    FakeScimServer server = server(vendor);
    List<String> users = sampleDirectory();
    directory.user("alice", Map.of("userName", "alice", "displayName", "Alice A"));
    String provider = provider(vendor, server);
    converged(provider);
    Remote.of(server).assertMirrors(directory);

    // drift: alice's displayName changed, bob left Engineering, on the target only
    Remote remote = Remote.of(server);
    String aliceRemote = remote.user("alice").path("id").asText();
    String bobRemote = remote.user("bob").path("id").asText();
    String engRemote = remote.group("Engineering").path("id").asText();
    server.store().patch(Kind.USERS, aliceRemote, patch("replace", "displayName",
        Admin.JSON.getNodeFactory().textNode("Someone Else")), Optional.empty());
    server.store().patch(Kind.GROUPS, engRemote, patch("remove",
        "members[value eq \"" + bobRemote + "\"]", null), Optional.empty());
    server.recorder().reset();

    JsonNode plan = admin.plan(provider);

    Remote.assertNoMutatingRequest(server);
    assertThat(Remote.of(server).user("alice").path("displayName").asText())
        .isEqualTo("Someone Else");
    List<String> planned = describe(plan);
    assertThat(planned).as("plan %s", plan).containsExactlyInAnyOrder(
        "user '" + users.get(0) + "' " + userWrite(vendor) + " /Users/" + aliceRemote,
        "group '" + directory.id("eng") + "' PATCH /Groups/" + engRemote);

    server.recorder().reset();
    reconciled(provider);
    Remote.of(server).assertMirrors(directory);
    assertThat(Remote.of(server).user("alice").path("displayName").asText())
        .isEqualTo("Alice A");
    List<String> plannedRequests = new ArrayList<>();
    plan.path("requests").forEach(r -> plannedRequests.add(r.path("method").asText() + " "
        + r.path("path").asText()));
    assertThat(Remote.mutating(server).stream().map(r -> r.method() + " " + r.path()))
        .as("sent by the reconcile, planned %s", plannedRequests)
        .containsExactlyInAnyOrderElementsOf(plannedRequests);
  }

  private static String userWrite(Vendor vendor) {
    return vendor == Vendor.AWS || vendor == Vendor.VCENTER ? "PUT" : "PATCH";
  }

  private static JsonNode patch(String op, String path, JsonNode value) {
    com.fasterxml.jackson.databind.node.ObjectNode body = Admin.JSON.createObjectNode();
    body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
    com.fasterxml.jackson.databind.node.ObjectNode operation =
        body.putArray("Operations").addObject().put("op", op).put("path", path);
    if (value != null) {
      operation.set("value", value);
    }
    return body;
  }

  /** Each planned request as {@code "<object> <METHOD> <path>"}. */
  private static List<String> describe(JsonNode plan) {
    List<String> out = new ArrayList<>();
    plan.path("requests").forEach(r -> out.add(r.path("object").asText() + " "
        + r.path("method").asText() + " " + r.path("path").asText()));
    return out;
  }

  private static Optional<JsonNode> request(JsonNode plan, String object, String method) {
    for (JsonNode r : plan.path("requests")) {
      if (r.path("object").asText().equals(object) && r.path("method").asText().equals(method)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
