package io.scimsync.domain.port;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The reference {@link DirectoryStore}: sorted maps by id plus a member-to-groups index. Marks
 * the feed while holding the store's lock, after the write, so a worker that sees an entry reads
 * the state that caused it. Thread-safe; every method holds the store's lock (and the feed's lock
 * is only ever taken inside it, never the other way round).
 */
public final class InMemoryDirectoryStore implements DirectoryStore {
  private final ChangeFeed feed;
  private final Supplier<? extends Collection<String>> providers;
  private final TreeMap<String, LocalUser> users = new TreeMap<>(ObjectRef.ID_ORDER);
  private final TreeMap<String, LocalGroup> groups = new TreeMap<>(ObjectRef.ID_ORDER);
  private final Map<String, Set<String>> groupsByMember = new HashMap<>();

  /**
   * @param feed      the feed every change is marked in
   * @param providers the providers to mark changes for, asked at each write (providers come and go)
   */
  public InMemoryDirectoryStore(ChangeFeed feed, Supplier<? extends Collection<String>> providers) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.providers = Objects.requireNonNull(providers, "providers");
  }

  /** A store that marks changes for a fixed set of providers. */
  public InMemoryDirectoryStore(ChangeFeed feed, Collection<String> providers) {
    this(feed, supplierOf(Set.copyOf(providers)));
  }

  private static Supplier<Collection<String>> supplierOf(Set<String> providers) {
    return () -> providers;
  }

  @Override
  public synchronized Optional<LocalUser> findUser(String id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public synchronized PutResult putUser(LocalUser user) {
    LocalUser previous = users.put(user.id(), user);
    if (user.equals(previous)) {
      return PutResult.UNCHANGED;
    }
    markDirty(ObjectRef.user(user.id()));
    return previous == null ? PutResult.CREATED : PutResult.REPLACED;
  }

  @Override
  public synchronized boolean deleteUser(String id) {
    if (users.remove(id) == null) {
      return false;
    }
    markDirty(ObjectRef.user(id));
    Set<String> memberOf = groupsByMember.remove(id);
    if (memberOf != null) {
      for (String groupId : memberOf) {
        LocalGroup group = groups.get(groupId);
        Set<String> members = new HashSet<>(group.memberIds());
        members.remove(id);
        groups.put(groupId, withMembers(group, members));
        markDirty(ObjectRef.group(groupId));
      }
    }
    return true;
  }

  @Override
  public synchronized Optional<LocalGroup> findGroup(String id) {
    return Optional.ofNullable(groups.get(id));
  }

  @Override
  public synchronized PutResult putGroup(LocalGroup group) {
    requireUsers(group.memberIds());
    LocalGroup previous = groups.get(group.id());
    if (group.equals(previous)) {
      return PutResult.UNCHANGED;
    }
    store(previous, group);
    markDirty(ObjectRef.group(group.id()));
    return previous == null ? PutResult.CREATED : PutResult.REPLACED;
  }

  @Override
  public synchronized boolean deleteGroup(String id) {
    LocalGroup previous = groups.remove(id);
    if (previous == null) {
      return false;
    }
    unindex(previous);
    markDirty(ObjectRef.group(id));
    return true;
  }

  @Override
  public synchronized Optional<LocalGroup> changeMembers(String groupId, Set<String> add,
                                                         Set<String> remove) {
    LocalGroup previous = groups.get(groupId);
    if (previous == null) {
      return Optional.empty();
    }
    Set<String> both = new TreeSet<>(ObjectRef.ID_ORDER);
    both.addAll(add);
    both.retainAll(remove);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException("ids both added and removed: " + both);
    }
    requireUsers(add);
    Set<String> members = new HashSet<>(previous.memberIds());
    members.addAll(add);
    members.removeAll(remove);
    if (members.equals(previous.memberIds())) {
      return Optional.of(previous);
    }
    LocalGroup changed = withMembers(previous, members);
    store(previous, changed);
    markDirty(ObjectRef.group(groupId));
    return Optional.of(changed);
  }

  @Override
  public synchronized List<LocalUser> users(Optional<String> afterId, int limit) {
    return page(users, afterId, limit);
  }

  @Override
  public synchronized List<LocalGroup> groups(Optional<String> afterId, int limit) {
    return page(groups, afterId, limit);
  }

  @Override
  public synchronized Set<String> groupsOf(String userId) {
    return Set.copyOf(groupsByMember.getOrDefault(userId, Set.of()));
  }

  private void requireUsers(Set<String> ids) {
    Set<String> unknown = new TreeSet<>(ObjectRef.ID_ORDER);
    for (String id : ids) {
      if (!users.containsKey(id)) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown user ids: " + unknown);
    }
  }

  private void store(LocalGroup previous, LocalGroup group) {
    if (previous != null) {
      unindex(previous);
    }
    groups.put(group.id(), group);
    for (String member : group.memberIds()) {
      groupsByMember.computeIfAbsent(member, m -> new HashSet<>()).add(group.id());
    }
  }

  private void unindex(LocalGroup group) {
    for (String member : group.memberIds()) {
      Set<String> memberOf = groupsByMember.get(member);
      memberOf.remove(group.id());
      if (memberOf.isEmpty()) {
        groupsByMember.remove(member);
      }
    }
  }

  private void markDirty(ObjectRef object) {
    for (String provider : providers.get()) {
      feed.markDirty(provider, object);
    }
  }

  private static LocalGroup withMembers(LocalGroup group, Set<String> members) {
    return new LocalGroup(group.id(), group.name(), members, group.attributes());
  }

  private static <T> List<T> page(TreeMap<String, T> all, Optional<String> afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    SortedMap<String, T> rest = afterId.isPresent() ? all.tailMap(afterId.get(), false) : all;
    List<T> page = new ArrayList<>();
    for (T value : rest.values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(value);
    }
    return List.copyOf(page);
  }
}
