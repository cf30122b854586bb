package io.scimsync.domain.engine;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.mapping.AttributeOverrides;
import io.scimsync.domain.mapping.GroupMapper;
import io.scimsync.domain.model.ScimGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A group as it should be on the target: the mapped payload (without members) and its members,
 * each with the remote id of the member's user when that user has been provisioned.
 */
public record DesiredGroup(String localId, ScimGroup payload, List<Member> members) {
  /** A local member; {@code remoteId} is empty while the user is not yet provisioned. */
  public record Member(String localId, Optional<String> remoteId) {
    public Member {
      if (localId == null || localId.isBlank()) {
        throw new IllegalArgumentException("member localId must not be blank");
      }
      remoteId = remoteId.filter(id -> !id.isBlank());
    }

    public static Member linked(String localId, String remoteId) {
      return new Member(localId, Optional.of(remoteId));
    }

    public static Member waiting(String localId) {
      return new Member(localId, Optional.empty());
    }
  }

  public DesiredGroup {
    if (localId == null || localId.isBlank()) {
      throw new IllegalArgumentException("localId must not be blank");
    }
    if (payload.members().isPresent()) {
      throw new IllegalArgumentException("the payload must not carry members; pass them as members");
    }
    members = List.copyOf(members);
  }

  /**
   * The desired state of a local group: mapped with the provider's overrides, each member's
   * remote id looked up with {@code remoteIdOfUser} (empty while that user is not provisioned).
   */
  public static DesiredGroup of(LocalGroup group, AttributeOverrides overrides,
                                Function<String, Optional<String>> remoteIdOfUser) {
    List<Member> members = new ArrayList<>();
    new TreeSet<>(group.memberIds()).forEach(userId ->
        members.add(new Member(userId, remoteIdOfUser.apply(userId))));
    return new DesiredGroup(group.id(), GroupMapper.map(group, overrides), members);
  }

  /** Remote ids of the members that can be written now. */
  public Set<String> memberRemoteIds() {
    Set<String> ids = new TreeSet<>();
    members.forEach(m -> m.remoteId().ifPresent(ids::add));
    return Set.copyOf(ids);
  }

  /** Local ids of the members whose users have no remote id yet. */
  public Set<String> waitingMemberIds() {
    Set<String> ids = new TreeSet<>();
    members.stream().filter(m -> m.remoteId().isEmpty()).forEach(m -> ids.add(m.localId()));
    return Set.copyOf(ids);
  }

  /** "group 'Engineering' (local id g1)", for messages. */
  public String describe() {
    return "group '" + payload.displayName() + "' (local id " + localId + ")";
  }
}
