package io.scimsync.domain.engine;

import io.scimsync.domain.change.Projection;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimGroup;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.target.TargetCapabilities;
import io.scimsync.domain.target.TargetStrategy;
import io.scimsync.domain.target.VendorProfile;
import io.scimsync.domain.target.VendorProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Groups, strategies and replies shared by the group engine tests. */
final class GroupFixtures {
  private GroupFixtures() {}

  static final Map<String, Object> SPC_PATCH = Map.of(
      "patch", Map.of("supported", true), "filter", Map.of("supported", true),
      "bulk", Map.of("supported", false, "maxOperations", 1, "maxPayloadSize", 0));
  static final Map<String, Object> SPC_NO_PATCH = Map.of(
      "patch", Map.of("supported", false), "filter", Map.of("supported", true));

  /** A PATCH target: the default profile and a ServiceProviderConfig announcing PATCH. */
  static TargetStrategy patchTarget() {
    return strategy(VendorProfiles.DEFAULT, SPC_PATCH);
  }

  /** A PUT target: the default profile and a ServiceProviderConfig without PATCH. */
  static TargetStrategy putTarget() {
    return strategy(VendorProfiles.DEFAULT, SPC_NO_PATCH);
  }

  static TargetStrategy strategy(VendorProfile profile, Map<String, Object> spc) {
    return TargetStrategy.of(TargetCapabilities.fromServiceProviderConfig(spc), profile);
  }

  static ScimGroup payload(String name, String externalId) {
    return new ScimGroup(List.of(ScimSchemas.GROUP), Optional.empty(), Optional.of(externalId),
        name, Optional.empty(), Map.of());
  }

  static DesiredGroup desired(String name, String... memberRemoteIds) {
    List<DesiredGroup.Member> members = new ArrayList<>();
    for (String id : memberRemoteIds) {
      members.add(DesiredGroup.Member.linked("local-" + id, id));
    }
    return new DesiredGroup("g1", payload(name, "g1"), members);
  }

  static WrittenGroup written(String remoteId, String name, String... memberRemoteIds) {
    return new WrittenGroup(remoteId,
        Projection.of(payload(name, "g1").toMap(), Set.of("members")),
        Optional.of(Set.of(memberRemoteIds)), Optional.empty());
  }

  static ScimReply created(String id) {
    return ScimReply.Received.of(201, JsonValues.object("schemas", List.of(ScimSchemas.GROUP),
        "id", id, "displayName", "ignored"));
  }

  static ScimReply ok() {
    return ScimReply.Received.of(200, Map.of("schemas", List.of(ScimSchemas.GROUP), "id", "x",
        "displayName", "x"));
  }

  static ScimReply noContent() {
    return ScimReply.Received.of(204);
  }

  static ScimReply status(int status) {
    return ScimReply.Received.of(status, Map.of("schemas", List.of(ScimSchemas.ERROR),
        "status", Integer.toString(status), "detail", "status " + status));
  }

  static ScimReply conflict() {
    return ScimReply.Received.of(409, Map.of("schemas", List.of(ScimSchemas.ERROR),
        "status", "409", "scimType", "uniqueness", "detail", "displayName already exists"));
  }

  static ScimReply list(Map<String, Object>... resources) {
    return ScimReply.Received.of(200, Map.of("schemas", List.of(ScimSchemas.LIST_RESPONSE),
        "totalResults", resources.length, "Resources", List.of(resources)));
  }

  static Map<String, Object> remoteGroup(String id, String name, String externalId,
                                         String... members) {
    List<Map<String, Object>> memberList = new ArrayList<>();
    for (String member : members) {
      memberList.add(Map.of("value", member));
    }
    return JsonValues.object("schemas", List.of(ScimSchemas.GROUP), "id", id,
        "externalId", externalId, "displayName", name, "members", memberList,
        "meta", Map.of("resourceType", "Group"));
  }

  static Map<String, Object> patchBody(Map<String, Object>... operations) {
    return JsonValues.object("schemas", List.of(ScimSchemas.PATCH_OP),
        "Operations", List.of(operations));
  }

  static Map<String, Object> addMembers(String... ids) {
    List<Map<String, Object>> members = new ArrayList<>();
    for (String id : ids) {
      members.add(Map.of("value", id));
    }
    return JsonValues.object("op", "add", "path", "members", "value", members);
  }

  static Map<String, Object> removeMember(String id) {
    return JsonValues.object("op", "remove", "path", "members[value eq \"" + id + "\"]");
  }

  static List<Map<String, Object>> memberObjects(String... ids) {
    List<Map<String, Object>> members = new ArrayList<>();
    for (String id : ids) {
      members.add(Map.of("value", id));
    }
    return members;
  }
}
