package io.scimsync.it.e2e;

import io.scimsync.it.support.Admin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local directory as one test writes it through the admin API, with the model of what it
 * should now hold: every change goes to the daemon and to the model, so that the remote state can
 * be compared with the model. Ids get the test's prefix so that no two tests share an object.
 */
final class Directory {
  /** A local user as the model knows it. */
  record User(String id, String userName, Map<String, Object> body) {}

  /** A local group as the model knows it; {@code members} are local user ids. */
  record Group(String id, String name, Set<String> members) {}

  private final Admin admin;
  private final String prefix;
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();

  Directory(Admin admin, String prefix) {
    this.admin = admin;
    this.prefix = prefix;
  }

  /** The local id of {@code key} in this test. */
  String id(String key) {
    return prefix + key;
  }

  /** Creates (or replaces) user {@code key} with just a userName; returns its local id. */
  String user(String key, String userName) {
    return user(key, Map.of("userName", userName));
  }

  /** Creates (or replaces) user {@code key} with the whole admin API body; returns its local id. */
  String user(String key, Map<String, Object> body) {
    String id = id(key);
    admin.putUser(id, body);
    users.put(id, new User(id, (String) body.get("userName"), Map.copyOf(body)));
    return id;
  }

  /**
   * Creates {@code count} users {@code key0..}, named {@code namePrefix + i}, with a few calls in
   * parallel; returns their ids in order.
   */
  List<String> users(String key, String namePrefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(id(key + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = ids.get(i);
        String userName = namePrefix + i;
        calls.add(CompletableFuture.runAsync(() -> admin.putUser(id, userName), pool));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdown();
    }
    for (int i = 0; i < count; i++) {
      users.put(ids.get(i), new User(ids.get(i), namePrefix + i, Map.of("userName",
          namePrefix + i)));
    }
    return ids;
  }

  /** Creates (or replaces) group {@code key} with these member ids; returns its local id. */
  String group(String key, String name, Collection<String> members) {
    String id = id(key);
    admin.putGroup(id, name, members);
    groups.put(id, new Group(id, name, new LinkedHashSet<>(members)));
    return id;
  }

  void renameGroup(String id, String name) {
    Group group = groups.get(id);
    admin.putGroup(id, name, group.members());
    groups.put(id, new Group(id, name, group.members()));
  }

  void changeMembers(String groupId, Collection<String> add, Collection<String> remove) {
    admin.members(groupId, add, remove);
    Group group = groups.get(groupId);
    Set<String> members = new LinkedHashSet<>(group.members());
    members.addAll(add);
    members.removeAll(remove);
    groups.put(groupId, new Group(groupId, group.name(), members));
  }

  /** Deletes a user; the model drops it from every group, as the directory does. */
  void deleteUser(String id) {
    admin.deleteUser(id);
    users.remove(id);
    groups.replaceAll((gid, g) -> {
      Set<String> members = new LinkedHashSet<>(g.members());
      members.remove(id);
      return new Group(gid, g.name(), members);
    });
  }

  void deleteGroup(String id) {
    admin.deleteGroup(id);
    groups.remove(id);
  }

  Map<String, User> users() {
    return Map.copyOf(users);
  }

  Map<String, Group> groups() {
    return Map.copyOf(groups);
  }

  User userById(String id) {
    return users.get(id);
  }

  Group groupById(String id) {
    return groups.get(id);
  }

  /** Deletes everything this test created (groups first), tolerating what is already gone. */
  void deleteAll() {
    for (String id : List.copyOf(groups.keySet())) {
      int status = admin.call("DELETE", "/api/v1/groups/" + Admin.id(id), null).status();
      if (status / 100 != 2 && status != 404) {
        throw new AssertionError("cleanup: DELETE group " + id + " answered " + status);
      }
    }
    for (String id : List.copyOf(users.keySet())) {
      int status = admin.call("DELETE", "/api/v1/users/" + Admin.id(id), null).status();
      if (status / 100 != 2 && status != 404) {
        throw new AssertionError("cleanup: DELETE user " + id + " answered " + status);
      }
    }
    groups.clear();
    users.clear();
  }
}
