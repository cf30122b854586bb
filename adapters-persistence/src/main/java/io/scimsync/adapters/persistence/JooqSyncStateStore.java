package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_GROUP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_MEMBERSHIP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.MemberLink;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.ObjectSnapshot;
import io.scimsync.domain.port.SyncStateStore;
import io.scimsync.domain.port.SyncStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Row1;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.exception.DataAccessException;

/**
 * {@link SyncStateStore} over the directory, connection, change-feed and sync-log tables.
 * A snapshot of any batch is at most three queries (users with their connections, groups with
 * theirs and their member ids, the members' links); a commit of any batch is one transaction of a
 * few set-based statements ({@link BatchCommit}).
 *
 * <p>Every method blocks on JDBC: call it on a dedicated executor (the {@code db-dispatcher}).
 */
public final class JooqSyncStateStore implements SyncStateStore {
  private final DSLContext dsl;

  /** A store over {@code dsl} (see {@link Migrations#dsl}); the schema must be migrated. */
  public JooqSyncStateStore(DSLContext dsl) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
  }

  /** {@inheritDoc} Three queries at most, whatever the number of objects. Blocks on JDBC. */
  @Override
  public Map<ObjectRef, ObjectSnapshot> snapshot(String provider, Collection<ObjectRef> objects) {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    List<String> userIds = new ArrayList<>();
    List<String> groupIds = new ArrayList<>();
    for (ObjectRef object : objects) {
      (object.kind() == ObjectKind.USER ? userIds : groupIds).add(object.localId());
    }
    Map<String, LocalUser> users = new HashMap<>();
    Map<String, LocalGroup> groups = new HashMap<>();
    Map<ObjectRef, Connection> links = new HashMap<>();
    Map<String, Map<String, Object>> seen = new HashMap<>();
    Map<String, Map<String, Object>> seenGroups = new HashMap<>();
    if (!userIds.isEmpty()) {
      List<SelectField<?>> fields = new ArrayList<>(List.of(DIRECTORY_USER.fields()));
      fields.addAll(List.of(JooqConnectionStore.COLUMNS));
      fields.add(CONNECTION.REMOTE_SEEN);
      Table<Record1<String>> ids = idsTable(userIds);
      Field<String> id = ids.field(0, String.class);
      // driven by the ids asked for: a deleted user still has a connection to deprovision
      dsl.select(fields).from(ids)
          .leftJoin(DIRECTORY_USER).on(DIRECTORY_USER.ID.eq(id))
          .leftJoin(CONNECTION).on(CONNECTION.PROVIDER.eq(provider))
          .and(CONNECTION.KIND.eq(ObjectKind.USER.name())).and(CONNECTION.LOCAL_ID.eq(id))
          .fetch().forEach(r -> {
            if (r.get(DIRECTORY_USER.ID) != null) {
              users.put(r.get(DIRECTORY_USER.ID), JooqDirectoryStore.toUser(r));
            }
            putConnection(r, links);
            JooqConnectionStore.seen(r.get(CONNECTION.REMOTE_SEEN))
                .ifPresent(s -> seen.put(r.get(CONNECTION.LOCAL_ID), s));
          });
    }
    if (!groupIds.isEmpty()) {
      dsl.select(DIRECTORY_GROUP.ID, DIRECTORY_GROUP.NAME, DIRECTORY_GROUP.ATTRIBUTES,
              JooqDirectoryStore.memberIds())
          .from(DIRECTORY_GROUP).where(DIRECTORY_GROUP.ID.in(groupIds))
          .fetch().forEach(r -> groups.put(r.value1(), JooqDirectoryStore.toGroup(r)));
      List<SelectField<?>> fields = new ArrayList<>(List.of(JooqConnectionStore.COLUMNS));
      fields.add(CONNECTION.REMOTE_SEEN);
      dsl.select(fields).from(CONNECTION)
          .where(CONNECTION.PROVIDER.eq(provider)).and(CONNECTION.KIND.eq(ObjectKind.GROUP.name()))
          .and(CONNECTION.LOCAL_ID.in(groupIds))
          .fetch().forEach(r -> {
            putConnection(r, links);
            JooqConnectionStore.seen(r.get(CONNECTION.REMOTE_SEEN))
                .ifPresent(s -> seenGroups.put(r.get(CONNECTION.LOCAL_ID), s));
          });
    }
    Map<String, MemberLink> members = groups.isEmpty() ? Map.of()
        : memberLinks(provider, groups.keySet());
    Map<ObjectRef, ObjectSnapshot> snapshots = new LinkedHashMap<>();
    for (ObjectRef object : objects) {
      Optional<Connection> link = Optional.ofNullable(links.get(object));
      if (object.kind() == ObjectKind.USER) {
        snapshots.put(object, ObjectSnapshot.ofUser(provider, object.localId(),
            Optional.ofNullable(users.get(object.localId())), link,
            Optional.ofNullable(seen.get(object.localId()))));
        continue;
      }
      Optional<LocalGroup> group = Optional.ofNullable(groups.get(object.localId()));
      Map<String, MemberLink> own = new HashMap<>();
      group.ifPresent(g -> g.memberIds().forEach(id -> {
        MemberLink member = members.get(id);
        if (member != null) {
          own.put(id, member);
        }
      }));
      snapshots.put(object, ObjectSnapshot.ofGroup(provider, object.localId(), group, link, own,
          Optional.ofNullable(seenGroups.get(object.localId()))));
    }
    return snapshots;
  }

  private static Table<Record1<String>> idsTable(List<String> ids) {
    @SuppressWarnings("unchecked")
    Row1<String>[] rows = ids.stream().distinct().map(DSL::row).toArray(Row1[]::new);
    return DSL.values(rows).as("ids", "id");
  }

  private static void putConnection(Record r, Map<ObjectRef, Connection> links) {
    if (r.get(CONNECTION.LOCAL_ID) != null) {
      Connection c = JooqConnectionStore.toConnection(r);
      links.put(c.object(), c);
    }
  }

  /** The links of every member of the groups, by member id: only the columns a group needs. */
  private Map<String, MemberLink> memberLinks(String provider, Set<String> groupIds) {
    Map<String, MemberLink> links = new HashMap<>();
    dsl.selectDistinct(CONNECTION.LOCAL_ID, CONNECTION.REMOTE_ID, CONNECTION.STATUS)
        .from(CONNECTION)
        .where(CONNECTION.PROVIDER.eq(provider)).and(CONNECTION.KIND.eq(ObjectKind.USER.name()))
        .and(CONNECTION.LOCAL_ID.in(dsl.select(DIRECTORY_MEMBERSHIP.USER_ID)
            .from(DIRECTORY_MEMBERSHIP).where(DIRECTORY_MEMBERSHIP.GROUP_ID.in(groupIds))))
        .fetch().forEach(r -> links.put(r.value1(), new MemberLink(r.value1(),
            Optional.ofNullable(r.value2()), SyncStatus.valueOf(r.value3()))));
    return links;
  }

  /**
   * {@inheritDoc} One transaction for the batch. Should another writer link the same remote id
   * between the batch's own check and its write (the database's unique constraint then refuses
   * the whole transaction), the commits are written one transaction each, so that only the one
   * that collided is refused. Blocks on JDBC.
   */
  @Override
  public List<Outcome> commit(List<ObjectCommit> commits) {
    Objects.requireNonNull(commits, "commits");
    if (commits.isEmpty()) {
      return List.of();
    }
    try {
      return dsl.transactionResult(trx -> new BatchCommit(trx.dsl(), commits).run());
    } catch (DataAccessException e) {
      if (!JooqConnectionStore.remoteIdTaken(e)) {
        throw e;
      }
      if (commits.size() == 1) {
        return List.of(new Outcome(Result.REMOTE_ID_TAKEN, "its remote id was linked to another "
            + "object of the provider meanwhile"));
      }
      List<Outcome> outcomes = new ArrayList<>(commits.size());
      for (ObjectCommit commit : commits) {
        outcomes.add(commit(List.of(commit)).get(0));
      }
      return outcomes;
    }
  }
}
