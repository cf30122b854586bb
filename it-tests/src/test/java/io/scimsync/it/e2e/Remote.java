package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.record.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * What a fake server holds, read from its store, and the assertions that compare it with the
 * local {@link Directory}.
 */
final class Remote {
  private final List<JsonNode> users = new ArrayList<>();
  private final List<JsonNode> groups = new ArrayList<>();

  private Remote(JsonNode state) {
    state.path("users").forEach(users::add);
    state.path("groups").forEach(groups::add);
  }

  static Remote of(FakeScimServer server) {
    return new Remote(server.state());
  }

  List<JsonNode> users() {
    return users;
  }

  List<JsonNode> groups() {
    return groups;
  }

  Optional<JsonNode> userNamed(String userName) {
    return users.stream().filter(u -> u.path("userName").asText().equals(userName)).findFirst();
  }

  Optional<JsonNode> groupNamed(String displayName) {
    return groups.stream().filter(g -> g.path("displayName").asText().equals(displayName))
        .findFirst();
  }

  JsonNode user(String userName) {
    return userNamed(userName).orElseThrow(() -> new AssertionError("no remote user named '"
        + userName + "'; remote users: " + names(users, "userName")));
  }

  JsonNode group(String displayName) {
    return groupNamed(displayName).orElseThrow(() -> new AssertionError("no remote group named '"
        + displayName + "'; remote groups: " + names(groups, "displayName")));
  }

  static Set<String> memberValues(JsonNode group) {
    Set<String> values = new TreeSet<>();
    group.path("members").forEach(m -> values.add(m.path("value").asText()));
    return values;
  }

  private static List<String> names(List<JsonNode> nodes, String attribute) {
    return nodes.stream().map(n -> n.path(attribute).asText()).sorted().toList();
  }

  /**
   * Asserts that the remote holds exactly the directory: one remote user per local user (same
   * userName, externalId = local id), one remote group per local group (same displayName,
   * externalId = local id), and each group's members are the remote ids of its local members.
   */
  void assertMirrors(Directory directory) {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(names(users, "userName")).as("remote userNames")
        .isEqualTo(directory.users().values().stream().map(Directory.User::userName).sorted()
            .toList());
    soft.assertThat(names(groups, "displayName")).as("remote group displayNames")
        .isEqualTo(directory.groups().values().stream().map(Directory.Group::name).sorted()
            .toList());
    Map<String, String> remoteIdByLocal = new HashMap<>();
    for (Directory.User user : directory.users().values()) {
      userNamed(user.userName()).ifPresent(remote -> {
        remoteIdByLocal.put(user.id(), remote.path("id").asText());
        if (remote.has("externalId")) {
          soft.assertThat(remote.path("externalId").asText())
              .as("externalId of remote user '%s'", user.userName()).isEqualTo(user.id());
        }
      });
    }
    for (Directory.Group group : directory.groups().values()) {
      groupNamed(group.name()).ifPresent(remote -> {
        Set<String> expected = group.members().stream()
            .map(id -> remoteIdByLocal.getOrDefault(id, "<no remote user for " + id + ">"))
            .collect(Collectors.toCollection(TreeSet::new));
        soft.assertThat(memberValues(remote)).as("members of remote group '%s'", group.name())
            .isEqualTo(expected);
        if (remote.has("externalId")) {
          soft.assertThat(remote.path("externalId").asText())
              .as("externalId of remote group '%s'", group.name()).isEqualTo(group.id());
        }
      });
    }
    soft.assertAll();
  }

  /** The requests of {@code server} to {@code /Users} or {@code /Groups} (not discovery). */
  static List<RecordedRequest> resourceRequests(FakeScimServer server) {
    return server.requests().stream()
        .filter(r -> r.path().startsWith("/Users") || r.path().startsWith("/Groups"))
        .toList();
  }

  /** Every request that is not a GET. */
  static List<RecordedRequest> mutating(FakeScimServer server) {
    return server.requests().stream().filter(r -> !r.method().equals("GET")).toList();
  }

  /** Method, path and status of each request, for assertion messages. */
  static String describe(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.method() + " " + r.path()
            + (r.query().isEmpty() ? "" : "?" + r.query()) + " -> " + r.status())
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  static void assertNoMutatingRequest(FakeScimServer server) {
    assertThat(mutating(server)).as("mutating requests; all requests:%s",
        describe(server.requests())).isEmpty();
  }
}
