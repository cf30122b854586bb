package io.scimsync.it.faults;

import io.scimsync.it.support.Admin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The local directory as the tests wrote it through the admin API: every write goes to the daemon
 * first and is remembered only once the API accepted it, so this is what the remotes must mirror.
 * Thread-safe, so that large directories can be loaded over several connections.
 */
final class Directory {
  /** A group as the remote must show it. */
  record Group(String name, Set<String> memberIds) {}

  private volatile Admin admin;
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final Map<String, Group> groups = new ConcurrentHashMap<>();

  Directory(Admin admin) {
    this.admin = admin;
  }

  /** Points later writes at another daemon on the same database (after a restart). */
  void use(Admin other) {
    admin = other;
  }

  static String userName(String id) {
    return id + "@faults.example.com";
  }

  void putUser(String id) {
    putUser(id, userName(id));
  }

  void putUser(String id, String userName) {
    admin.putUser(id, Map.of("userName", userName, "displayName", "User " + id));
    users.put(id, userName);
  }

  void deleteUser(String id) {
    admin.deleteUser(id);
    users.remove(id);
    // the directory drops the user's memberships with it
    groups.replaceAll((g, group) -> {
      Set<String> members = new TreeSet<>(group.memberIds());
      members.remove(id);
      return new Group(group.name(), Set.copyOf(members));
    });
  }

  void putGroup(String id, String name, Collection<String> memberIds) {
    admin.putGroup(id, name, memberIds);
    groups.put(id, new Group(name, Set.copyOf(memberIds)));
  }

  void changeMembers(String groupId, Collection<String> add, Collection<String> remove) {
    admin.members(groupId, add, remove);
    groups.computeIfPresent(groupId, (g, group) -> {
      Set<String> members = new TreeSet<>(group.memberIds());
      members.removeAll(remove);
      members.addAll(add);
      return new Group(group.name(), Set.copyOf(members));
    });
  }

  void deleteGroup(String id) {
    admin.deleteGroup(id);
    groups.remove(id);
  }

  /** Puts users with these ids (names from {@link #userName}) over {@code threads} connections. */
  void putUsers(List<String> ids, int threads) {
    parallel(ids, threads, this::putUser);
  }

  /**
   * Users u-00000 .. and groups g-0, g-1, .. named team-N, each of the next {@code teamSize}
   * users in turn: the directory most fault tests start from.
   */
  void putTeams(int users, int teamSize) {
    putUsers(ids("u", 0, users), 4);
    for (int g = 0; g < users / teamSize; g++) {
      putGroup("g-" + g, "team-" + g, ids("u", g * teamSize, teamSize));
    }
  }

  /** Runs {@code action} for every item on {@code threads} threads; fails on the first failure. */
  static <T> void parallel(List<T> items, int threads, Consumer<T> action) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> action.accept(item)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static List<String> ids(String prefix, int from, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      ids.add(String.format("%s-%05d", prefix, i));
    }
    return ids;
  }

  /** The userName of a user in the directory; null when there is none. */
  String nameOf(String userId) {
    return users.get(userId);
  }

  Set<String> userNames() {
    return new TreeSet<>(users.values());
  }

  /** Group display name to the userNames of its members. */
  Map<String, Set<String>> membersByGroupName() {
    Map<String, Set<String>> out = new TreeMap<>();
    groups.values().forEach(g -> out.put(g.name(), g.memberIds().stream()
        .map(users::get).collect(Collectors.toCollection(TreeSet::new))));
    return out;
  }

  int userCount() {
    return users.size();
  }

  int groupCount() {
    return groups.size();
  }
}
