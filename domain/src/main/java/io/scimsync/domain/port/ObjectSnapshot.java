package io.scimsync.domain.port;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one decision about one object at one provider reads, as of one moment: the local
 * object (empty if it is deleted locally), its connection (empty if it was never linked) and, for
 * a group, the links of its members (a member without a connection at this provider is absent).
 *
 * @param seen what a reconcile's listing showed of the linked remote object (a projection), if
 *             it listed it since the connection was last written
 */
public record ObjectSnapshot(String provider, ObjectRef object, Optional<LocalUser> user,
                             Optional<LocalGroup> group, Optional<Connection> connection,
                             Map<String, MemberLink> members,
                             Optional<Map<String, Object>> seen) {
  public ObjectSnapshot(String provider, ObjectRef object, Optional<LocalUser> user,
                        Optional<LocalGroup> group, Optional<Connection> connection,
                        Map<String, MemberLink> members) {
    this(provider, object, user, group, connection, members, Optional.empty());
  }

  public ObjectSnapshot {
    Objects.requireNonNull(seen, "seen");
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(connection, "connection");
    members = Map.copyOf(members);
    if (object.kind() == ObjectKind.USER ? group.isPresent() || !members.isEmpty()
        : user.isPresent()) {
      throw new IllegalArgumentException("a snapshot of " + object.describe()
          + " holds the other kind's data");
    }
    user.ifPresent(u -> requireSame(object, u.id()));
    group.ifPresent(g -> requireSame(object, g.id()));
    connection.ifPresent(c -> {
      if (!c.object().equals(object) || !c.provider().equals(provider)) {
        throw new IllegalArgumentException("connection of " + c.object().describe() + " at "
            + c.provider() + " in the snapshot of " + object.describe() + " at " + provider);
      }
    });
  }

  /** A user's snapshot. */
  public static ObjectSnapshot ofUser(String provider, String id, Optional<LocalUser> user,
                                      Optional<Connection> connection) {
    return new ObjectSnapshot(provider, ObjectRef.user(id), user, Optional.empty(), connection,
        Map.of());
  }

  /** A user's snapshot with what a reconcile's listing showed of it. */
  public static ObjectSnapshot ofUser(String provider, String id, Optional<LocalUser> user,
                                      Optional<Connection> connection,
                                      Optional<Map<String, Object>> seen) {
    return new ObjectSnapshot(provider, ObjectRef.user(id), user, Optional.empty(), connection,
        Map.of(), seen);
  }

  /** A group's snapshot. */
  public static ObjectSnapshot ofGroup(String provider, String id, Optional<LocalGroup> group,
                                       Optional<Connection> connection,
                                       Map<String, MemberLink> members) {
    return new ObjectSnapshot(provider, ObjectRef.group(id), Optional.empty(), group, connection,
        members);
  }

  /** A group's snapshot with what a reconcile's listing showed of it. */
  public static ObjectSnapshot ofGroup(String provider, String id, Optional<LocalGroup> group,
                                       Optional<Connection> connection,
                                       Map<String, MemberLink> members,
                                       Optional<Map<String, Object>> seen) {
    return new ObjectSnapshot(provider, ObjectRef.group(id), Optional.empty(), group, connection,
        members, seen);
  }

  /** Whether the local object exists (is not deleted). */
  public boolean existsLocally() {
    return user.isPresent() || group.isPresent();
  }

  private static void requireSame(ObjectRef object, String id) {
    if (!object.localId().equals(id)) {
      throw new IllegalArgumentException("local object '" + id + "' in the snapshot of "
          + object.describe());
    }
  }
}
