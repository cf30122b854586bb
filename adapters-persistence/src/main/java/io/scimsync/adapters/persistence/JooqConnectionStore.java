package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;

import com.fasterxml.jackson.core.type.TypeReference;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ConnectionStore;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.RemoteIdTakenException;
import io.scimsync.domain.port.SyncStatus;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Row2;
import org.jooq.Table;
import org.jooq.SelectField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * {@link ConnectionStore} in the {@code connection} table: one row per (provider, kind, local
 * id), the last written projection and member ids as JSONB, timestamps as {@code timestamptz}
 * (instants are truncated to microseconds, PostgreSQL's precision).
 *
 * <p>A remote id is linked to one local object per provider and kind by the unique constraint
 * {@code connection_remote_id_key}, so two nodes saving concurrently cannot both win; a violation
 * becomes {@link RemoteIdTakenException} and the statement writes nothing.
 *
 * <p>Every method blocks on JDBC: call it on a dedicated executor (the {@code db-dispatcher}),
 * never on an actor's dispatcher.
 */
public final class JooqConnectionStore implements ConnectionStore {
  private static final String REMOTE_ID_CONSTRAINT = "connection_remote_id_key";
  private static final String UNIQUE_VIOLATION = "23505";
  /** A save refused for a holder that is gone by the time we look it up is simply retried. */
  private static final int SAVE_ATTEMPTS = 3;
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  static final SelectField<?>[] COLUMNS = {
      CONNECTION.PROVIDER, CONNECTION.KIND, CONNECTION.LOCAL_ID, CONNECTION.REMOTE_ID,
      CONNECTION.WRITTEN_ATTRIBUTES, CONNECTION.WRITTEN_MEMBER_IDS, CONNECTION.ETAG,
      CONNECTION.STATUS, CONNECTION.ATTEMPTS, CONNECTION.NEXT_ATTEMPT_AT, CONNECTION.LAST_ERROR,
      CONNECTION.LAST_ERROR_STATUS, CONNECTION.UPDATED_AT};

  private final DSLContext dsl;

  /** A store over {@code dsl} (see {@link Migrations#dsl}); the schema must be migrated. */
  public JooqConnectionStore(DSLContext dsl) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public Optional<Connection> find(String provider, ObjectRef object) {
    return dsl.select(COLUMNS).from(CONNECTION)
        .where(key(provider, object))
        .fetchOptional(JooqConnectionStore::toConnection);
  }

  /** {@inheritDoc} One query. Blocks on JDBC. */
  @Override
  public Map<String, Connection> findAll(String provider, ObjectKind kind,
                                         java.util.Collection<String> localIds) {
    if (localIds.isEmpty()) {
      return Map.of();
    }
    Map<String, Connection> found = new java.util.HashMap<>();
    dsl.select(COLUMNS).from(CONNECTION)
        .where(CONNECTION.PROVIDER.eq(provider))
        .and(CONNECTION.KIND.eq(kind.name()))
        // IN (...) plans better than = ANY(array) here: the planner sees the list's size
        .and(CONNECTION.LOCAL_ID.in(localIds))
        .fetch(JooqConnectionStore::toConnection)
        .forEach(c -> found.put(c.object().localId(), c));
    return found;
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public Optional<Connection> findByRemoteId(String provider, ObjectKind kind, String remoteId) {
    return dsl.select(COLUMNS).from(CONNECTION)
        .where(CONNECTION.PROVIDER.eq(provider))
        .and(CONNECTION.KIND.eq(kind.name()))
        .and(CONNECTION.REMOTE_ID.eq(remoteId))
        .fetchOptional(JooqConnectionStore::toConnection);
  }

  /**
   * {@inheritDoc} One upsert statement; the database's unique constraint decides a remote id
   * collision, and the holder is then looked up for the exception. Blocks on JDBC.
   */
  @Override
  public void save(Connection connection) {
    for (int attempt = 1; ; attempt++) {
      try {
        ConnectionUpsert.write(dsl, List.of(connection));
        return;
      } catch (DataAccessException e) {
        if (!remoteIdTaken(e)) {
          throw e;
        }
        String remoteId = connection.remoteId().orElseThrow(() -> e);
        Optional<String> holder = dsl.select(CONNECTION.LOCAL_ID).from(CONNECTION)
            .where(CONNECTION.PROVIDER.eq(connection.provider()))
            .and(CONNECTION.KIND.eq(connection.object().kind().name()))
            .and(CONNECTION.REMOTE_ID.eq(remoteId))
            .fetchOptional(CONNECTION.LOCAL_ID);
        if (holder.isPresent()) {
          throw new RemoteIdTakenException(connection.provider(), connection.object().kind(),
              remoteId, holder.get(), connection.object().localId());
        }
        if (attempt == SAVE_ATTEMPTS) {
          throw e; // the holder keeps changing under us: report the database's own words
        }
      }
    }
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public boolean remove(String provider, ObjectRef object) {
    return dsl.deleteFrom(CONNECTION).where(key(provider, object)).execute() > 0;
  }

  /** {@inheritDoc} One update per 500 remote ids. */
  @Override
  public void saveSeen(String provider, ObjectKind kind,
                       Map<String, Map<String, Object>> byRemoteId) {
    List<Row2<String, JSONB>> rows = new java.util.ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> seen : byRemoteId.entrySet()) {
      rows.add(DSL.row(seen.getKey(), Columns.write(seen.getValue())));
      if (rows.size() == 500) {
        updateSeen(provider, kind, rows);
        rows.clear();
      }
    }
    if (!rows.isEmpty()) {
      updateSeen(provider, kind, rows);
    }
  }

  private void updateSeen(String provider, ObjectKind kind, List<Row2<String, JSONB>> rows) {
    @SuppressWarnings("unchecked")
    Row2<String, JSONB>[] array = rows.toArray(Row2[]::new);
    Table<Record2<String, JSONB>> seen = DSL.values(array).as("seen", "remote_id", "projection");
    dsl.update(CONNECTION)
        .set(CONNECTION.REMOTE_SEEN, seen.field(1, JSONB.class))
        .from(seen)
        .where(CONNECTION.PROVIDER.eq(provider)).and(CONNECTION.KIND.eq(kind.name()))
        .and(CONNECTION.REMOTE_ID.eq(seen.field(0, String.class)))
        .execute();
  }

  @Override
  public void clearSeen(String provider) {
    dsl.update(CONNECTION).setNull(CONNECTION.REMOTE_SEEN)
        .where(CONNECTION.PROVIDER.eq(provider)).and(CONNECTION.REMOTE_SEEN.isNotNull())
        .execute();
  }

  @Override
  public Optional<Map<String, Object>> seen(String provider, ObjectRef object) {
    return dsl.select(CONNECTION.REMOTE_SEEN).from(CONNECTION).where(key(provider, object))
        .fetchOptional(CONNECTION.REMOTE_SEEN).flatMap(JooqConnectionStore::seen);
  }

  static Optional<Map<String, Object>> seen(JSONB json) {
    return Optional.ofNullable(json).map(j -> Columns.read(j, OBJECT, "connection.remote_seen"));
  }

  /**
   * {@inheritDoc} {@code local_id} is {@code COLLATE "C"}, so the database's order and comparison
   * are byte order of UTF-8, which is code point order. Blocks on JDBC.
   */
  @Override
  public List<Connection> list(String provider, ObjectKind kind, Optional<String> afterLocalId,
                               int limit) {
    requirePositive(limit);
    Condition after = afterLocalId.map(CONNECTION.LOCAL_ID::gt).orElse(DSL.noCondition());
    return dsl.select(COLUMNS).from(CONNECTION)
        .where(CONNECTION.PROVIDER.eq(provider))
        .and(CONNECTION.KIND.eq(kind.name()))
        .and(after)
        .orderBy(CONNECTION.LOCAL_ID)
        .limit(limit)
        .fetch(JooqConnectionStore::toConnection);
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public Map<SyncStatus, Long> countByStatus(String provider) {
    return count(CONNECTION.PROVIDER.eq(provider));
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public Map<SyncStatus, Long> countByStatus(String provider, ObjectKind kind) {
    return count(CONNECTION.PROVIDER.eq(provider).and(CONNECTION.KIND.eq(kind.name())));
  }

  private Map<SyncStatus, Long> count(org.jooq.Condition where) {
    Map<SyncStatus, Long> counts = new EnumMap<>(SyncStatus.class);
    for (SyncStatus status : SyncStatus.values()) {
      counts.put(status, 0L);
    }
    Field<Integer> count = DSL.count();
    dsl.select(CONNECTION.STATUS, count).from(CONNECTION)
        .where(where)
        .groupBy(CONNECTION.STATUS)
        .fetch()
        .forEach(row -> counts.put(SyncStatus.valueOf(row.value1()), row.value2().longValue()));
    return Map.copyOf(counts);
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public List<Connection> failed(String provider, int limit) {
    requirePositive(limit);
    return dsl.select(COLUMNS).from(CONNECTION)
        .where(CONNECTION.PROVIDER.eq(provider))
        .and(CONNECTION.STATUS.eq(SyncStatus.FAILED.name()))
        .orderBy(CONNECTION.UPDATED_AT.desc(),
            DSL.when(CONNECTION.KIND.eq(ObjectKind.USER.name()), DSL.inline(0))
                .otherwise(DSL.inline(1)),
            CONNECTION.LOCAL_ID)
        .limit(limit)
        .fetch(JooqConnectionStore::toConnection);
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public int removeProvider(String provider) {
    return dsl.deleteFrom(CONNECTION).where(CONNECTION.PROVIDER.eq(provider)).execute();
  }

  private static Condition key(String provider, ObjectRef object) {
    return CONNECTION.PROVIDER.eq(provider)
        .and(CONNECTION.KIND.eq(object.kind().name()))
        .and(CONNECTION.LOCAL_ID.eq(object.localId()));
  }

  static Connection toConnection(Record r) {
    ObjectRef object = new ObjectRef(ObjectKind.valueOf(r.get(CONNECTION.KIND)),
        r.get(CONNECTION.LOCAL_ID));
    Integer errorStatus = r.get(CONNECTION.LAST_ERROR_STATUS);
    return new Connection(r.get(CONNECTION.PROVIDER), object,
        Optional.ofNullable(r.get(CONNECTION.REMOTE_ID)),
        Columns.read(r.get(CONNECTION.WRITTEN_ATTRIBUTES), OBJECT, "connection"),
        Optional.ofNullable(r.get(CONNECTION.WRITTEN_MEMBER_IDS))
            .map(json -> Set.copyOf(Columns.read(json, STRINGS, "connection"))),
        Optional.ofNullable(r.get(CONNECTION.ETAG)),
        SyncStatus.valueOf(r.get(CONNECTION.STATUS)),
        r.get(CONNECTION.ATTEMPTS),
        Optional.ofNullable(r.get(CONNECTION.NEXT_ATTEMPT_AT)).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.get(CONNECTION.LAST_ERROR)),
        errorStatus == null ? OptionalInt.empty() : OptionalInt.of(errorStatus),
        r.get(CONNECTION.UPDATED_AT).toInstant());
  }

  static boolean remoteIdTaken(DataAccessException e) {
    PSQLException cause = e.getCause(PSQLException.class);
    if (cause == null || !UNIQUE_VIOLATION.equals(cause.getSQLState())) {
      return false;
    }
    ServerErrorMessage server = cause.getServerErrorMessage();
    return server != null && REMOTE_ID_CONSTRAINT.equals(server.getConstraint());
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }
}
