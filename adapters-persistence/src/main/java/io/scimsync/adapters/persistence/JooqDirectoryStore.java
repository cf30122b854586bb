package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_GROUP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_MEMBERSHIP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;
import static org.jooq.impl.DSL.all;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.array;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.unnest;
import static org.jooq.impl.DSL.val;

import io.scimsync.adapters.persistence.jooq.Keys;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.DirectoryStore;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.PutResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The {@link DirectoryStore} in PostgreSQL: {@code directory_user}, {@code directory_group} and
 * {@code directory_membership}, keyed by the caller's ids (columns in {@code COLLATE "C"}, so
 * keyset pages follow {@link ObjectRef#ID_ORDER}). Each write is one transaction that also marks
 * what changed in the {@link JooqChangeFeed} for every row of {@code provider}: the write and its
 * marks commit or roll back together. Whether a put changed anything is decided by the database
 * ({@code ON CONFLICT DO UPDATE ... WHERE ... IS DISTINCT FROM}, JSONB compared as values), so an
 * unchanged put writes and marks nothing, and concurrent puts of one object are serialised by its
 * row lock.
 *
 * <p>Attributes are stored as JSONB, which keeps neither key order nor number formatting: a read
 * returns an equal map, not necessarily iterating in the order written. {@code updated_at} is the
 * database's transaction time.
 *
 * <p>Every method blocks on JDBC: call it on a dedicated executor (the database dispatcher),
 * never on an actor's dispatcher. Pages hold at most {@code limit} objects; nothing else is
 * buffered, so streaming the directory runs in constant memory.
 */
public final class JooqDirectoryStore implements DirectoryStore {
  /**
   * True for a row the upsert inserted, false for one it updated: {@code xmax} of a freshly
   * inserted row version is 0, of one written by ON CONFLICT DO UPDATE the updating transaction.
   */
  private static final Field<Boolean> INSERTED = DSL.field("(xmax = 0)", Boolean.class);

  private final DSLContext dsl;

  /** A directory over the database of {@code dsl} (see {@link Migrations#dsl}). */
  public JooqDirectoryStore(DSLContext dsl) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public Optional<LocalUser> findUser(String id) {
    return dsl.select(DIRECTORY_USER.fields())
        .from(DIRECTORY_USER)
        .where(DIRECTORY_USER.ID.eq(id))
        .fetchOptional(JooqDirectoryStore::toUser);
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public PutResult putUser(LocalUser user) {
    Objects.requireNonNull(user, "user");
    return dsl.transactionResult(trx -> {
      lockSharedAgainstProviderChanges(trx.dsl());
      Optional<Boolean> inserted = trx.dsl().insertInto(DIRECTORY_USER)
          .set(DIRECTORY_USER.ID, user.id())
          .set(DIRECTORY_USER.USER_NAME, user.userName())
          .set(DIRECTORY_USER.DISPLAY_NAME, user.displayName().orElse(null))
          .set(DIRECTORY_USER.GIVEN_NAME, user.givenName().orElse(null))
          .set(DIRECTORY_USER.FAMILY_NAME, user.familyName().orElse(null))
          .set(DIRECTORY_USER.EMAIL, user.email().orElse(null))
          .set(DIRECTORY_USER.ACTIVE, user.active())
          .set(DIRECTORY_USER.ATTRIBUTES, Columns.toJsonb(user.attributes()))
          .set(DIRECTORY_USER.UPDATED_AT, currentOffsetDateTime())
          .onConflictOnConstraint(Keys.DIRECTORY_USER_PKEY)
          .doUpdate()
          .set(DIRECTORY_USER.USER_NAME, excluded(DIRECTORY_USER.USER_NAME))
          .set(DIRECTORY_USER.DISPLAY_NAME, excluded(DIRECTORY_USER.DISPLAY_NAME))
          .set(DIRECTORY_USER.GIVEN_NAME, excluded(DIRECTORY_USER.GIVEN_NAME))
          .set(DIRECTORY_USER.FAMILY_NAME, excluded(DIRECTORY_USER.FAMILY_NAME))
          .set(DIRECTORY_USER.EMAIL, excluded(DIRECTORY_USER.EMAIL))
          .set(DIRECTORY_USER.ACTIVE, excluded(DIRECTORY_USER.ACTIVE))
          .set(DIRECTORY_USER.ATTRIBUTES, excluded(DIRECTORY_USER.ATTRIBUTES))
          .set(DIRECTORY_USER.UPDATED_AT, excluded(DIRECTORY_USER.UPDATED_AT))
          // an equal user updates nothing: no row comes back, and nothing is marked
          .where(row(DIRECTORY_USER.USER_NAME, DIRECTORY_USER.DISPLAY_NAME,
              DIRECTORY_USER.GIVEN_NAME, DIRECTORY_USER.FAMILY_NAME, DIRECTORY_USER.EMAIL,
              DIRECTORY_USER.ACTIVE, DIRECTORY_USER.ATTRIBUTES)
              .isDistinctFrom(row(excluded(DIRECTORY_USER.USER_NAME),
                  excluded(DIRECTORY_USER.DISPLAY_NAME), excluded(DIRECTORY_USER.GIVEN_NAME),
                  excluded(DIRECTORY_USER.FAMILY_NAME), excluded(DIRECTORY_USER.EMAIL),
                  excluded(DIRECTORY_USER.ACTIVE), excluded(DIRECTORY_USER.ATTRIBUTES))))
          .returningResult(INSERTED)
          .fetchOptional(Record1::value1);
      if (inserted.isEmpty()) {
        return PutResult.UNCHANGED;
      }
      JooqChangeFeed.markForEveryProvider(trx.dsl(), List.of(ObjectRef.user(user.id())));
      return inserted.get() ? PutResult.CREATED : PutResult.REPLACED;
    });
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public boolean deleteUser(String id) {
    return dsl.transactionResult(trx -> {
      lockSharedAgainstProviderChanges(trx.dsl());
      // the user row first, in the order putGroup and changeMembers lock (user, then membership):
      // deleting memberships first deadlocks against them and can miss a member added meanwhile
      if (trx.dsl().selectOne().from(DIRECTORY_USER).where(DIRECTORY_USER.ID.eq(id)).forUpdate()
          .fetchOptional().isEmpty()) {
        return false;
      }
      // memberships next: the cascade would remove them without saying which groups they were
      List<String> groups = trx.dsl().deleteFrom(DIRECTORY_MEMBERSHIP)
          .where(DIRECTORY_MEMBERSHIP.USER_ID.eq(id))
          .returningResult(DIRECTORY_MEMBERSHIP.GROUP_ID)
          .fetch(Record1::value1);
      if (trx.dsl().deleteFrom(DIRECTORY_USER).where(DIRECTORY_USER.ID.eq(id)).execute() == 0) {
        return false;
      }
      List<ObjectRef> changed = new ArrayList<>(groups.size() + 1);
      changed.add(ObjectRef.user(id));
      groups.forEach(group -> changed.add(ObjectRef.group(group)));
      JooqChangeFeed.markForEveryProvider(trx.dsl(), changed);
      return true;
    });
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public Optional<LocalGroup> findGroup(String id) {
    return findGroup(dsl, id);
  }

  private static Optional<LocalGroup> findGroup(DSLContext dsl, String id) {
    return dsl.select(DIRECTORY_GROUP.ID, DIRECTORY_GROUP.NAME, DIRECTORY_GROUP.ATTRIBUTES,
            memberIds())
        .from(DIRECTORY_GROUP)
        .where(DIRECTORY_GROUP.ID.eq(id))
        .fetchOptional(JooqDirectoryStore::toGroup);
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public PutResult putGroup(LocalGroup group) {
    Objects.requireNonNull(group, "group");
    return dsl.transactionResult(trx -> {
      lockSharedAgainstProviderChanges(trx.dsl());
      requireUsers(trx.dsl(), group.memberIds());
      Optional<Boolean> inserted = trx.dsl().insertInto(DIRECTORY_GROUP)
          .set(DIRECTORY_GROUP.ID, group.id())
          .set(DIRECTORY_GROUP.NAME, group.name())
          .set(DIRECTORY_GROUP.ATTRIBUTES, Columns.toJsonb(group.attributes()))
          .set(DIRECTORY_GROUP.UPDATED_AT, currentOffsetDateTime())
          .onConflictOnConstraint(Keys.DIRECTORY_GROUP_PKEY)
          .doUpdate()
          .set(DIRECTORY_GROUP.NAME, excluded(DIRECTORY_GROUP.NAME))
          .set(DIRECTORY_GROUP.ATTRIBUTES, excluded(DIRECTORY_GROUP.ATTRIBUTES))
          .set(DIRECTORY_GROUP.UPDATED_AT, excluded(DIRECTORY_GROUP.UPDATED_AT))
          .where(row(DIRECTORY_GROUP.NAME, DIRECTORY_GROUP.ATTRIBUTES).isDistinctFrom(
              row(excluded(DIRECTORY_GROUP.NAME), excluded(DIRECTORY_GROUP.ATTRIBUTES))))
          .returningResult(INSERTED)
          .fetchOptional(Record1::value1);
      // ON CONFLICT locks the group's row even when it updates nothing: the members below are
      // replaced under that lock
      String[] members = group.memberIds().toArray(String[]::new);
      int removed = trx.dsl().deleteFrom(DIRECTORY_MEMBERSHIP)
          .where(DIRECTORY_MEMBERSHIP.GROUP_ID.eq(group.id()))
          .and(DIRECTORY_MEMBERSHIP.USER_ID.ne(all(members)))
          .execute();
      int added = addMembers(trx.dsl(), group.id(), members);
      if (inserted.isEmpty() && removed == 0 && added == 0) {
        return PutResult.UNCHANGED;
      }
      if (inserted.isPresent() && inserted.get()) {
        markGroup(trx.dsl(), group.id());
        return PutResult.CREATED;
      }
      markGroup(trx.dsl(), group.id());
      return PutResult.REPLACED;
    });
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public boolean deleteGroup(String id) {
    return dsl.transactionResult(trx -> {
      lockSharedAgainstProviderChanges(trx.dsl());
      // memberships go with it (ON DELETE CASCADE); the users stay
      if (trx.dsl().deleteFrom(DIRECTORY_GROUP).where(DIRECTORY_GROUP.ID.eq(id)).execute() == 0) {
        return false;
      }
      markGroup(trx.dsl(), id);
      return true;
    });
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public Optional<LocalGroup> changeMembers(String groupId, Set<String> add, Set<String> remove) {
    Objects.requireNonNull(add, "add");
    Objects.requireNonNull(remove, "remove");
    return dsl.transactionResult(trx -> {
      lockSharedAgainstProviderChanges(trx.dsl());
      // lock the group: concurrent membership changes of one group apply one after the other
      boolean exists = trx.dsl().select(DIRECTORY_GROUP.ID).from(DIRECTORY_GROUP)
          .where(DIRECTORY_GROUP.ID.eq(groupId))
          .forNoKeyUpdate()
          .fetchOptional()
          .isPresent();
      if (!exists) {
        return Optional.<LocalGroup>empty();
      }
      Set<String> both = new TreeSet<>(ObjectRef.ID_ORDER);
      both.addAll(add);
      both.retainAll(remove);
      if (!both.isEmpty()) {
        throw new IllegalArgumentException("ids both added and removed: " + both);
      }
      requireUsers(trx.dsl(), add);
      int removed = remove.isEmpty() ? 0 : trx.dsl().deleteFrom(DIRECTORY_MEMBERSHIP)
          .where(DIRECTORY_MEMBERSHIP.GROUP_ID.eq(groupId))
          .and(DIRECTORY_MEMBERSHIP.USER_ID.eq(any(remove.toArray(String[]::new))))
          .execute();
      int added = addMembers(trx.dsl(), groupId, add.toArray(String[]::new));
      if (removed > 0 || added > 0) {
        markGroup(trx.dsl(), groupId);
      }
      return findGroup(trx.dsl(), groupId);
    });
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public List<LocalUser> users(Optional<String> afterId, int limit) {
    requireLimit(limit);
    return dsl.select(DIRECTORY_USER.fields())
        .from(DIRECTORY_USER)
        .where(after(DIRECTORY_USER.ID, afterId))
        .orderBy(DIRECTORY_USER.ID)
        .limit(limit)
        .fetch(JooqDirectoryStore::toUser);
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public List<LocalGroup> groups(Optional<String> afterId, int limit) {
    requireLimit(limit);
    return dsl.select(DIRECTORY_GROUP.ID, DIRECTORY_GROUP.NAME, DIRECTORY_GROUP.ATTRIBUTES,
            memberIds())
        .from(DIRECTORY_GROUP)
        .where(after(DIRECTORY_GROUP.ID, afterId))
        .orderBy(DIRECTORY_GROUP.ID)
        .limit(limit)
        .fetch(JooqDirectoryStore::toGroup);
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public Set<String> groupsOf(String userId) {
    return Set.copyOf(dsl.select(DIRECTORY_MEMBERSHIP.GROUP_ID)
        .from(DIRECTORY_MEMBERSHIP)
        .where(DIRECTORY_MEMBERSHIP.USER_ID.eq(userId))
        .fetch(Record1::value1));
  }

  /**
   * Throws, naming them, if some ids name no user; locks the others against deletion until the
   * transaction ends (FOR KEY SHARE, what the foreign key would take anyway).
   */
  private static void requireUsers(DSLContext trx, Set<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    Set<String> unknown = new TreeSet<>(ObjectRef.ID_ORDER);
    unknown.addAll(ids);
    unknown.removeAll(new HashSet<>(trx.select(DIRECTORY_USER.ID)
        .from(DIRECTORY_USER)
        .where(DIRECTORY_USER.ID.eq(any(ids.toArray(String[]::new))))
        .forKeyShare()
        .fetch(Record1::value1)));
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown user ids: " + unknown);
    }
  }

  /** Adds the users to the group, skipping present ones; returns how many were new. */
  private static int addMembers(DSLContext trx, String groupId, String[] userIds) {
    if (userIds.length == 0) {
      return 0;
    }
    Table<?> ids = unnest(userIds).as("u", "user_id");
    return trx.insertInto(DIRECTORY_MEMBERSHIP,
            DIRECTORY_MEMBERSHIP.GROUP_ID, DIRECTORY_MEMBERSHIP.USER_ID)
        .select(select(val(groupId), ids.field("user_id", String.class)).from(ids))
        .onConflictOnConstraint(Keys.DIRECTORY_MEMBERSHIP_PKEY)
        .doNothing()
        .execute();
  }

  private static void markGroup(DSLContext trx, String groupId) {
    JooqChangeFeed.markForEveryProvider(trx, List.of(ObjectRef.group(groupId)));
  }

  static Field<String[]> memberIds() {
    return array(select(DIRECTORY_MEMBERSHIP.USER_ID)
        .from(DIRECTORY_MEMBERSHIP)
        .where(DIRECTORY_MEMBERSHIP.GROUP_ID.eq(DIRECTORY_GROUP.ID)));
  }

  /** Ids after {@code afterId} in the column's collation, "C": code point order. */
  private static Condition after(Field<String> id, Optional<String> afterId) {
    return afterId.map(id::gt).orElse(DSL.noCondition());
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }

  static LocalUser toUser(org.jooq.Record r) {
    return new LocalUser(r.get(DIRECTORY_USER.ID), r.get(DIRECTORY_USER.USER_NAME),
        Optional.ofNullable(r.get(DIRECTORY_USER.DISPLAY_NAME)),
        Optional.ofNullable(r.get(DIRECTORY_USER.GIVEN_NAME)),
        Optional.ofNullable(r.get(DIRECTORY_USER.FAMILY_NAME)),
        Optional.ofNullable(r.get(DIRECTORY_USER.EMAIL)),
        r.get(DIRECTORY_USER.ACTIVE),
        Columns.toMap(r.get(DIRECTORY_USER.ATTRIBUTES)));
  }

  static LocalGroup toGroup(Record4<String, String, JSONB, String[]> r) {
    return new LocalGroup(r.value1(), r.value2(), Set.of(r.value4()),
        Columns.toMap(r.value3()));
  }

  /**
   * Every directory write holds this shared lock for its transaction, and adding or removing a
   * provider holds it exclusively ({@link JooqProviderStore}): under READ COMMITTED a write and a
   * concurrent provider add could otherwise miss each other (the write sees no provider row yet,
   * the provider's initial marking sees no new object), and the object would never be synced.
   * Writes do not block each other.
   */
  static final long PROVIDER_CHANGE_LOCK = 0x5C1A55_0001L;

  static void lockSharedAgainstProviderChanges(DSLContext trx) {
    trx.select(DSL.function("pg_advisory_xact_lock_shared", Object.class,
        DSL.val(PROVIDER_CHANGE_LOCK))).fetch();
  }

  static void lockExclusiveForProviderChange(DSLContext trx) {
    trx.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(PROVIDER_CHANGE_LOCK)))
        .fetch();
  }
}
