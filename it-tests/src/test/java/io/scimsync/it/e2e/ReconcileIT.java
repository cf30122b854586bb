package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.ServerProfile;
import io.scimsync.testkit.record.RecordedRequest;
import io.scimsync.testkit.store.ResourceStore.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A reconcile reads users and groups from its list pages: their runs compare against what the
 * listing showed, so a reconcile that finds no drift sends the list pages and no GET per object,
 * and drift it sees there is repaired with the write alone.
 */
class ReconcileIT extends EndToEnd {
  @Test
  void readsUsersFromItsListPages_noGetPerUser_andRepairsTheDriftItSeesThere() {
    FakeScimServer server = server(ServerProfile.RFC);
    List<String> ids = directory.users("u", "listed", 30);
    String provider = provider("rfc", server.baseUrl(), Map.of());
    converged(provider);

    server.recorder().reset();
    reconciled(provider);
    assertThat(server.recorder().count("GET", "/Users/{id}")).as("GETs of single users")
        .isZero();
    assertThat(server.recorder().count("GET", "/Users")).as("list pages").isPositive();
    assertThat(writes(server)).as("writes of a reconcile without drift").isEmpty();

    // drift made on the target: one user renamed there
    String remoteId = Remote.of(server).user("listed7").path("id").asText();
    ObjectNode drifted = server.store().get(Kind.USERS, remoteId).deepCopy();
    drifted.put("userName", "renamed-on-the-target");
    server.store().replace(Kind.USERS, remoteId, drifted, Optional.empty());

    server.recorder().reset();
    reconciled(provider);
    assertThat(server.recorder().count("GET", "/Users/{id}")).as("GETs of single users")
        .isZero();
    assertThat(writes(server)).as("the repair").hasSize(1);
    assertThat(server.store().get(Kind.USERS, remoteId).path("userName").asText())
        .isEqualTo("listed7");
    assertThat(ids).hasSize(30);
    Remote.of(server).assertMirrors(directory);
  }

  @Test
  void readsGroupsFromItsListPages_noGetPerGroup_andRepairsTheDriftItSeesThere() {
    groupsFromListPages(Vendor.RFC);
  }

  @Test
  void readsGroupsWithoutMembersFromItsListPages_onATargetThatDoesNotEchoMembers() {
    groupsFromListPages(Vendor.AWS);
  }

  private void groupsFromListPages(Vendor vendor) {
    FakeScimServer server = server(vendor);
    List<String> ids = directory.users("m", "member", 6);
    for (int g = 0; g < 5; g++) {
      directory.group("g" + g, "team " + g, ids.subList(g, g + 2));
    }
    String provider = provider(vendor, server);
    converged(provider);

    server.recorder().reset();
    reconciled(provider);
    assertThat(server.recorder().count("GET", "/Groups/{id}")).as("GETs of single groups")
        .isZero();
    assertThat(server.recorder().count("GET", "/Groups")).as("list pages").isPositive();
    assertThat(writes(server)).as("writes of a reconcile without drift").isEmpty();

    // drift made on the target: a group renamed there
    String remoteId = Remote.of(server).group("team 3").path("id").asText();
    ObjectNode drifted = server.store().get(Kind.GROUPS, remoteId).deepCopy();
    drifted.put("displayName", "renamed on the target");
    server.store().replace(Kind.GROUPS, remoteId, drifted, Optional.empty());

    server.recorder().reset();
    reconciled(provider);
    assertThat(server.recorder().count("GET", "/Groups/{id}")).as("GETs of single groups")
        .isZero();
    assertThat(writes(server)).as("the repair").hasSize(1);
    assertThat(server.store().get(Kind.GROUPS, remoteId).path("displayName").asText())
        .isEqualTo("team 3");
    Remote.of(server).assertMirrors(directory);
  }

  private static List<String> writes(FakeScimServer server) {
    return server.requests().stream().filter(r -> !r.method().equals("GET"))
        .map(RecordedRequest::method).toList();
  }
}
