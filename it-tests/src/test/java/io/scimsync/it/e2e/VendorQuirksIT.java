package io.scimsync.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.it.support.Admin;
import io.scimsync.testkit.FakeScimServer;
import io.scimsync.testkit.record.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What one vendor profile changes on the wire: vCenter's PUT-only groups, AWS's limit of 100
 * member changes per request and its groups that never echo members, Webex's member type.
 */
class VendorQuirksIT extends EndToEnd {

  @Test
  void writesGroupsWithPutAndTheFullMemberList_whenTheTargetHasNoPatch() {
    FakeScimServer server = server(Vendor.VCENTER);
    String a = directory.user("a", "a");
    String b = directory.user("b", "b");
    String c = directory.user("c", "c");
    String group = directory.group("g", "G", List.of(a, b));
    String provider = provider(Vendor.VCENTER, server);
    converged(provider);
    Remote.of(server).assertMirrors(directory);
    RecordedRequest create = single(server.recorder().requests("POST", "/Groups"));
    assertThat(memberValues(body(create))).isEqualTo(remoteIds(server, "a", "b"));

    directory.changeMembers(group, List.of(c), List.of());
    converged(provider);
    directory.changeMembers(group, List.of(), List.of(a));
    converged(provider);
    directory.renameGroup(group, "G2");
    converged(provider);

    Remote.of(server).assertMirrors(directory);
    List<RecordedRequest> puts = server.recorder().requests("PUT", "/Groups/*");
    assertThat(puts).hasSize(3);
    assertThat(memberValues(body(puts.get(0)))).isEqualTo(remoteIds(server, "a", "b", "c"));
    assertThat(memberValues(body(puts.get(1)))).isEqualTo(remoteIds(server, "b", "c"));
    assertThat(memberValues(body(puts.get(2)))).isEqualTo(remoteIds(server, "b", "c"));
    assertThat(body(puts.get(2)).path("displayName").asText()).isEqualTo("G2");
    assertThat(server.recorder().requests("PATCH", "/**")).as("no PATCH at all").isEmpty();
  }

  @Test
  void createsA150MemberGroupEmptyThenPatchesAtMost100Members_andRemovesWithoutReadingItBack() {
    FakeScimServer server = server(Vendor.AWS);
    List<String> users = directory.users("u", "user", 150);
    String group = directory.group("big", "Big", users);
    String provider = provider(Vendor.AWS, server);
    converged(provider);
    Remote.of(server).assertMirrors(directory);

    RecordedRequest create = single(server.recorder().requests("POST", "/Groups"));
    assertThat(body(create).path("members").size()).as("members in the POST").isZero();
    List<RecordedRequest> adds = server.recorder().requests("PATCH", "/Groups/*");
    assertThat(adds).as("PATCHes of at most 100 members: ceil(150 / 100)").hasSize(2);
    assertThat(adds).allSatisfy(patch ->
        assertThat(memberChanges(body(patch))).isBetween(1, 100));
    assertThat(adds.stream().mapToInt(p -> memberChanges(body(p))).sum()).isEqualTo(150);

    // removal of 120: the target never echoes members, so the plan uses what was written
    Counts step = Counts.of(server);
    directory.changeMembers(group, List.of(), users.subList(0, 120));
    converged(provider);
    Remote.of(server).assertMirrors(directory);
    assertThat(step.since()).isEqualTo(java.util.Map.of("PATCH /Groups/{id}", 2L));
    List<RecordedRequest> all = server.recorder().requests("PATCH", "/Groups/*");
    List<RecordedRequest> removes = all.subList(2, all.size());
    assertThat(removes).allSatisfy(patch ->
        assertThat(memberChanges(body(patch))).isBetween(1, 100));
    assertThat(removes.stream().mapToInt(p -> memberChanges(body(p))).sum()).isEqualTo(120);
    assertThat(Remote.of(server).group("Big").path("members").size()).isEqualTo(30);
  }

  @Test
  void sendsMemberTypeUser_inEveryMemberObject_forWebex() {
    FakeScimServer server = server(Vendor.WEBEX);
    String a = directory.user("a", "a");
    String b = directory.user("b", "b");
    String c = directory.user("c", "c");
    String group = directory.group("g", "G", List.of(a, b));
    String provider = provider(Vendor.WEBEX, server);
    converged(provider);
    directory.changeMembers(group, List.of(c), List.of(a));
    converged(provider);
    Remote.of(server).assertMirrors(directory);

    List<JsonNode> members = new ArrayList<>();
    for (RecordedRequest request : server.recorder().requests("*", "/Groups/**")) {
      if (!request.body().isEmpty()) {
        collectMemberObjects(body(request), members);
      }
    }
    assertThat(members).as("member objects sent").hasSizeGreaterThanOrEqualTo(3);
    assertThat(members).allSatisfy(m ->
        assertThat(m.path("type").asText()).as("type of %s", m).isEqualTo("user"));
  }

  /** Every object with a {@code value} inside a members list or a PATCH value, anywhere. */
  private static void collectMemberObjects(JsonNode node, List<JsonNode> into) {
    if (node.isObject()) {
      node.properties().forEach(field -> {
        if (field.getKey().equals("members") && field.getValue().isArray()) {
          field.getValue().forEach(into::add);
        } else if (field.getKey().equals("Operations")) {
          field.getValue().forEach(op -> {
            JsonNode value = op.path("value");
            if (op.path("path").asText().startsWith("members") && value.isArray()) {
              value.forEach(into::add);
            } else {
              collectMemberObjects(value, into);
            }
          });
        } else {
          collectMemberObjects(field.getValue(), into);
        }
      });
    }
  }

  /** Members added or removed by a PATCH: value arrays plus one per value-filter path. */
  static int memberChanges(JsonNode patch) {
    int changes = 0;
    for (JsonNode op : patch.path("Operations")) {
      String path = op.path("path").asText();
      JsonNode value = op.path("value");
      if (path.startsWith("members[")) {
        changes++;
      } else if (path.equals("members") && value.isArray()) {
        changes += value.size();
      } else if (path.isEmpty() && value.path("members").isArray()) {
        changes += value.path("members").size();
      }
    }
    return changes;
  }

  private static Set<String> memberValues(JsonNode body) {
    Set<String> values = new TreeSet<>();
    body.path("members").forEach(m -> values.add(m.path("value").asText()));
    return values;
  }

  private static Set<String> remoteIds(FakeScimServer server, String... userNames) {
    Remote remote = Remote.of(server);
    Set<String> ids = new TreeSet<>();
    for (String name : userNames) {
      ids.add(remote.user(name).path("id").asText());
    }
    return ids;
  }

  private static RecordedRequest single(List<RecordedRequest> requests) {
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  static JsonNode body(RecordedRequest request) {
    try {
      return Admin.JSON.readTree(request.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
