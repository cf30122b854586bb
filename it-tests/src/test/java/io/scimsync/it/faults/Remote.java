package io.scimsync.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.FakeScimServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a fake SCIM server holds, read from its store: the userNames, the group display names and
 * each group's members by userName. {@link #assertMirrors} is the one assertion every fault test
 * ends with.
 */
final class Remote {
  private final List<String> userNames = new ArrayList<>();
  private final List<String> groupNames = new ArrayList<>();
  private final Map<String, Set<String>> membersByGroupName = new TreeMap<>();
  private final Map<String, String> userIdsByName = new HashMap<>();
  private final Map<String, String> groupIdsByName = new HashMap<>();

  private Remote(ObjectNode dump) {
    Map<String, String> userNameById = new HashMap<>();
    for (JsonNode user : dump.path("users")) {
      String name = user.path("userName").asText();
      userNames.add(name);
      userNameById.put(user.path("id").asText(), name);
      userIdsByName.put(name, user.path("id").asText());
    }
    for (JsonNode group : dump.path("groups")) {
      String name = group.path("displayName").asText();
      groupNames.add(name);
      groupIdsByName.put(name, group.path("id").asText());
      Set<String> members = new TreeSet<>();
      for (JsonNode member : group.path("members")) {
        String value = member.path("value").asText();
        members.add(userNameById.getOrDefault(value, "<not a user: " + value + ">"));
      }
      membersByGroupName.put(name, members);
    }
  }

  static Remote of(FakeScimServer server) {
    return new Remote(server.state());
  }

  String userId(String userName) {
    return userIdsByName.get(userName);
  }

  String groupId(String displayName) {
    return groupIdsByName.get(displayName);
  }

  /**
   * The remote holds exactly the directory: the same userNames, the same group names with the same
   * member sets, and no name twice.
   */
  static void assertMirrors(FakeScimServer server, Directory directory, String what) {
    assertThat(of(server).differences(directory)).as("%s: how the remote differs from the "
        + "directory (%d users, %d groups)", what, directory.userCount(), directory.groupCount())
        .isEmpty();
  }

  /** Every way the remote differs from the directory, each as a short line; empty = mirrors. */
  List<String> differences(Directory directory) {
    List<String> problems = new ArrayList<>();
    report(problems, "duplicate remote userNames", duplicates(userNames));
    report(problems, "duplicate remote group names", duplicates(groupNames));
    Set<String> expectedUsers = directory.userNames();
    Set<String> actualUsers = new TreeSet<>(userNames);
    report(problems, "directory users missing on the remote",
        difference(expectedUsers, actualUsers));
    report(problems, "remote users not in the directory", difference(actualUsers, expectedUsers));
    Map<String, Set<String>> expectedGroups = directory.membersByGroupName();
    report(problems, "directory groups missing on the remote",
        difference(expectedGroups.keySet(), membersByGroupName.keySet()));
    report(problems, "remote groups not in the directory",
        difference(membersByGroupName.keySet(), expectedGroups.keySet()));
    Set<String> wrongMembers = new TreeSet<>();
    expectedGroups.forEach((name, members) -> {
      Set<String> actual = membersByGroupName.get(name);
      if (actual != null && !actual.equals(members)) {
        wrongMembers.add(name + " (missing " + sample(difference(members, actual)) + ", extra "
            + sample(difference(actual, members)) + ")");
      }
    });
    report(problems, "groups whose remote members differ", wrongMembers);
    return problems;
  }

  private static void report(List<String> problems, String what, Set<String> found) {
    if (!found.isEmpty()) {
      problems.add(what + ": " + sample(found));
    }
  }

  private static String sample(Set<String> values) {
    List<String> first = values.stream().limit(10).toList();
    return values.size() + " " + first + (values.size() > first.size() ? "..." : "");
  }

  static Set<String> duplicates(List<String> names) {
    return names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
        .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
