package io.scimsync.domain.port;

import io.scimsync.domain.directory.LocalGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SyncStateStore} over the in-memory directory, connections, feed and log: the reference
 * the contract tests compare adapters with. Commits hold this store's lock, and each commit is
 * checked before it writes, so a batch is all-or-nothing per commit as in the database.
 */
public final class InMemorySyncStateStore implements SyncStateStore {
  private final DirectoryStore directory;
  private final ConnectionStore connections;
  private final InMemoryChangeFeed feed;
  private final SyncLog log;

  public InMemorySyncStateStore(DirectoryStore directory, ConnectionStore connections,
                                InMemoryChangeFeed feed, SyncLog log) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public synchronized Map<ObjectRef, ObjectSnapshot> snapshot(String provider,
                                                           Collection<ObjectRef> objects) {
    Map<ObjectRef, ObjectSnapshot> snapshots = new LinkedHashMap<>();
    for (ObjectRef object : objects) {
      Optional<Connection> connection = connections.find(provider, object);
      if (object.kind() == ObjectKind.USER) {
        snapshots.put(object, ObjectSnapshot.ofUser(provider, object.localId(),
            directory.findUser(object.localId()), connection,
            connections.seen(provider, object)));
        continue;
      }
      Optional<LocalGroup> group = directory.findGroup(object.localId());
      Map<String, MemberLink> members = new HashMap<>();
      group.ifPresent(g -> connections.findAll(provider, ObjectKind.USER, g.memberIds())
          .forEach((id, c) -> members.put(id, MemberLink.of(c))));
      snapshots.put(object, ObjectSnapshot.ofGroup(provider, object.localId(), group, connection,
          members, connections.seen(provider, object)));
    }
    return snapshots;
  }

  @Override
  public synchronized List<Outcome> commit(List<ObjectCommit> commits) {
    List<Outcome> outcomes = new ArrayList<>(commits.size());
    for (ObjectCommit commit : commits) {
      outcomes.add(commitOne(commit));
    }
    return outcomes;
  }

  private Outcome commitOne(ObjectCommit commit) {
    Claim claim = commit.claim();
    if (!feed.holds(claim)) {
      return Outcome.FENCED;
    }
    if (commit.connection() instanceof ObjectCommit.ConnectionChange.Save save) {
      try {
        connections.save(save.connection());
      } catch (RemoteIdTakenException e) {
        return new Outcome(Result.REMOTE_ID_TAKEN, e.getMessage());
      }
    } else if (commit.connection() instanceof ObjectCommit.ConnectionChange.Remove) {
      connections.remove(claim.provider(), claim.object());
    }
    commit.outcome().ifPresent(log::record);
    commit.marks().ifPresent(marks -> mark(claim.provider(), marks));
    if (commit.finish() instanceof ObjectCommit.Finish.Acknowledge) {
      return feed.acknowledge(claim) ? Outcome.ACKNOWLEDGED : Outcome.WRITTEN;
    }
    if (commit.finish() instanceof ObjectCommit.Finish.ReleaseAt release) {
      feed.release(claim, release.at());
    }
    return Outcome.WRITTEN;
  }

  private void mark(String provider, ObjectCommit.GroupMarks marks) {
    Set<String> groups = directory.groupsOf(marks.userId());
    Map<String, Connection> links = connections.findAll(provider, ObjectKind.GROUP, groups);
    feed.markDirty(provider, groups.stream()
        .filter(g -> marks.all() || links.get(g) == null
            || (links.get(g).status() != SyncStatus.SYNCED
                && links.get(g).status() != SyncStatus.FAILED))
        .map(ObjectRef::group).toList());
  }
}
