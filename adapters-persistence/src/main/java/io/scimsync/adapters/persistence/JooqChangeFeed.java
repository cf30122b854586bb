package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Sequences.CHANGE_CLAIM_SEQ;
import static io.scimsync.adapters.persistence.jooq.Sequences.CHANGE_FEED_SEQ;
import static io.scimsync.adapters.persistence.jooq.Tables.CHANGE_FEED;
import static io.scimsync.adapters.persistence.jooq.Tables.PROVIDER;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.values;

import io.scimsync.adapters.persistence.jooq.Keys;
import io.scimsync.domain.port.ChangeFeed;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record4;
import org.jooq.Record5;
import org.jooq.Row2;
import org.jooq.Row4;
import org.jooq.Row5;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The {@link ChangeFeed} in PostgreSQL's {@code change_feed} table: one row per provider and
 * object (its primary key), so marks coalesce by construction. Marking is an upsert that raises
 * the row's {@code generation} and keeps its {@code seq} (its place in the queue) and
 * {@code not_before}; claiming is one {@code UPDATE} over a {@code FOR UPDATE SKIP LOCKED}
 * selection, so processes sharing the database never claim the same row at once; a claim's token
 * comes from {@code change_claim_seq} and is never reused, so a stale claim can never touch a row
 * a later claim holds.
 *
 * <p>Every mark sends {@code NOTIFY scimsync_changes, '<provider>'} in the marking transaction
 * (PostgreSQL delivers it at commit, and not at all on rollback); {@link ChangeNotifications}
 * listens for it.
 *
 * <p>Every method blocks on JDBC: call it on a dedicated executor (the database dispatcher),
 * never on an actor's dispatcher. Instants are stored with microsecond precision (PostgreSQL's),
 * truncated towards the past.
 */
public final class JooqChangeFeed implements ChangeFeed {
  /** The channel of the change notifications; the payload is the provider's name. */
  public static final String CHANNEL = "scimsync_changes";

  private final DSLContext dsl;

  /** A feed over the database of {@code dsl} (see {@link Migrations#dsl}). */
  public JooqChangeFeed(DSLContext dsl) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public void markDirty(String provider, ObjectRef object) {
    requireText(provider);
    Objects.requireNonNull(object, "object");
    Table<Record2<String, String>> objects = objectsTable(List.of(object));
    dsl.transaction(trx -> mark(trx.dsl(),
        select(val(provider), objects.field(0, String.class), objects.field(1, String.class))
            .from(objects)));
  }

  /**
   * Marks each object dirty for every provider configured in the database (every row of
   * {@code provider}), and notifies their listeners, inside the caller's transaction: the
   * directory calls it with {@code trx.dsl()} right after its write, so the write and its marks
   * commit or roll back together. One statement, whatever the number of providers.
   */
  /** {@inheritDoc} One statement, one transaction. Blocks on JDBC. */
  @Override
  public void markDirty(String provider, Collection<ObjectRef> objects) {
    requireText(provider);
    if (objects.isEmpty()) {
      return;
    }
    // sorted: a stable order of row locks, as in markForEveryProvider
    List<ObjectRef> sorted = objects.stream().distinct()
        .sorted(Comparator.comparing((ObjectRef o) -> o.kind().name())
            .thenComparing(ObjectRef::localId, ObjectRef.ID_ORDER))
        .toList();
    Table<Record2<String, String>> rows = objectsTable(sorted);
    dsl.transaction(trx -> mark(trx.dsl(),
        select(val(provider), rows.field(0, String.class), rows.field(1, String.class))
            .from(rows)));
  }

  static void markForEveryProvider(DSLContext trx, Collection<ObjectRef> objects) {
    if (objects.isEmpty()) {
      return;
    }
    Table<Record2<String, String>> o = objectsTable(objects);
    mark(trx, select(PROVIDER.NAME, o.field(0, String.class), o.field(1, String.class))
        .from(PROVIDER).crossJoin(o)
        // a stable order of row locks, so concurrent writes marking the same rows cannot deadlock
        .orderBy(PROVIDER.NAME, o.field(0), o.field(1)));
  }

  /**
   * Upserts one row per (provider, kind, local id) that {@code marks} selects, then notifies
   * each provider marked. A new row takes the next {@code seq}; an existing one only gets a
   * higher generation, keeping its place, its claim and its not-before time.
   */
  static void mark(DSLContext trx,
                           org.jooq.Select<? extends org.jooq.Record3<String, String, String>> marks) {
    Table<?> m = marks.asTable("m", "provider", "kind", "local_id");
    CommonTableExpression<Record1<String>> marked = name("marked").as(
        trx.insertInto(CHANGE_FEED, CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID,
                CHANGE_FEED.SEQ, CHANGE_FEED.GENERATION)
            .select(select(m.field("provider", String.class), m.field("kind", String.class),
                m.field("local_id", String.class), CHANGE_FEED_SEQ.nextval(), inline(1L))
                .from(m))
            .onConflictOnConstraint(Keys.CHANGE_FEED_PKEY)
            .doUpdate()
            .set(CHANGE_FEED.GENERATION, CHANGE_FEED.GENERATION.plus(inline(1L)))
            .returningResult(CHANGE_FEED.PROVIDER));
    Field<String> markedProvider = marked.field(CHANGE_FEED.PROVIDER);
    Table<?> providers = selectDistinct(markedProvider).from(marked).asTable("p", "provider");
    // pg_notify is NOTIFY with a bound payload; delivered when the transaction commits
    trx.with(marked)
        .select(DSL.function("pg_notify", Object.class, inline(CHANNEL),
            providers.field("provider", String.class)))
        .from(providers)
        .execute();
  }

  private static Table<Record2<String, String>> objectsTable(Collection<ObjectRef> objects) {
    List<Row2<String, String>> rows = new ArrayList<>(objects.size());
    for (ObjectRef object : objects) {
      rows.add(row(object.kind().name(), object.localId()));
    }
    @SuppressWarnings("unchecked")
    Row2<String, String>[] array = rows.toArray(Row2[]::new);
    return values(array).as("o", "kind", "local_id");
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public List<Claim> claim(String provider, int max, Duration lease, Instant now) {
    requireText(provider);
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    Objects.requireNonNull(lease, "lease");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    OffsetDateTime at = Columns.timestamp(now);
    OffsetDateTime leaseUntil = Columns.timestamp(now.plus(lease));
    Table<?> picked = select(CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID)
        .from(CHANGE_FEED)
        .where(CHANGE_FEED.PROVIDER.eq(provider))
        .and(CHANGE_FEED.LEASE_UNTIL.isNull().or(CHANGE_FEED.LEASE_UNTIL.le(at)))
        .and(CHANGE_FEED.NOT_BEFORE.isNull().or(CHANGE_FEED.NOT_BEFORE.le(at)))
        // users first: 'USER' sorts after 'GROUP'; change_feed_claim_idx serves this order
        .orderBy(CHANGE_FEED.KIND.desc(), CHANGE_FEED.SEQ)
        .limit(max)
        // rows another claimer is taking right now are skipped, not waited for; a row whose
        // claim committed meanwhile is re-checked against the WHERE clause and dropped
        .forUpdate().skipLocked()
        .asTable("picked");
    List<Record5<String, String, Long, Long, Long>> rows = dsl.update(CHANGE_FEED)
        .set(CHANGE_FEED.CLAIM_TOKEN, CHANGE_CLAIM_SEQ.nextval())
        .set(CHANGE_FEED.LEASE_UNTIL, leaseUntil)
        .setNull(CHANGE_FEED.NOT_BEFORE)
        .from(picked)
        .where(CHANGE_FEED.PROVIDER.eq(picked.field(CHANGE_FEED.PROVIDER)))
        .and(CHANGE_FEED.KIND.eq(picked.field(CHANGE_FEED.KIND)))
        .and(CHANGE_FEED.LOCAL_ID.eq(picked.field(CHANGE_FEED.LOCAL_ID)))
        .returningResult(CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID, CHANGE_FEED.GENERATION,
            CHANGE_FEED.CLAIM_TOKEN, CHANGE_FEED.SEQ)
        .fetch();
    Instant until = leaseUntil.toInstant();
    // RETURNING has no order: restore the claim order (users first, then by place in the queue)
    return rows.stream()
        .sorted(Comparator.comparing((Record5<String, String, Long, Long, Long> r) ->
            ObjectKind.valueOf(r.value1()).ordinal()).thenComparingLong(r -> r.value5()))
        .map(r -> new Claim(provider, new ObjectRef(ObjectKind.valueOf(r.value1()), r.value2()),
            r.value3(), r.value4(), until))
        .toList();
  }

  /**
   * {@inheritDoc} One statement when the entry is removed (the usual case), a second when it was
   * dirtied again. Blocks on JDBC: call it on a dedicated executor.
   */
  @Override
  public boolean acknowledge(Claim claim) {
    Objects.requireNonNull(claim, "claim");
    int removed = dsl.deleteFrom(CHANGE_FEED)
        .where(heldBy(claim))
        .and(CHANGE_FEED.GENERATION.eq(claim.generation()))
        .execute();
    if (removed == 1) {
      return true;
    }
    // dirtied again meanwhile (or no longer held, and then this matches nothing): give it back,
    // claimable at once, with its place and its new generation
    dsl.update(CHANGE_FEED)
        .setNull(CHANGE_FEED.CLAIM_TOKEN)
        .setNull(CHANGE_FEED.LEASE_UNTIL)
        .where(heldBy(claim))
        .execute();
    return false;
  }

  /**
   * Acknowledges many claims at once, as {@link #acknowledge(Claim)} does each, in one
   * transaction of two statements whatever their number: what a worker that synced a claimed
   * batch calls. Claims may be of different providers.
   *
   * <p>Blocks on JDBC: call it on a dedicated executor.
   *
   * @return how many entries were removed; the others were dirtied again (and are claimable at
   *         once) or were no longer held by their claim
   */
  public int acknowledge(List<Claim> claims) {
    Objects.requireNonNull(claims, "claims");
    if (claims.isEmpty()) {
      return 0;
    }
    List<Row5<String, String, String, Long, Long>> rows = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      rows.add(row(claim.provider(), claim.object().kind().name(), claim.object().localId(),
          claim.token(), claim.generation()));
    }
    @SuppressWarnings("unchecked")
    Row5<String, String, String, Long, Long>[] array = rows.toArray(Row5[]::new);
    Table<Record5<String, String, String, Long, Long>> acks =
        values(array).as("a", "provider", "kind", "local_id", "claim_token", "generation");
    Field<String> provider = acks.field("provider", String.class);
    Field<String> kind = acks.field("kind", String.class);
    Field<String> localId = acks.field("local_id", String.class);
    Field<Long> token = acks.field("claim_token", Long.class);
    Field<Long> generation = acks.field("generation", Long.class);
    return dsl.transactionResult(trx -> {
      int removed = trx.dsl().deleteFrom(CHANGE_FEED)
          .using(acks)
          .where(CHANGE_FEED.PROVIDER.eq(provider))
          .and(CHANGE_FEED.KIND.eq(kind))
          .and(CHANGE_FEED.LOCAL_ID.eq(localId))
          .and(CHANGE_FEED.CLAIM_TOKEN.eq(token))
          .and(CHANGE_FEED.GENERATION.eq(generation))
          .execute();
      if (removed < claims.size()) {
        trx.dsl().update(CHANGE_FEED)
            .setNull(CHANGE_FEED.CLAIM_TOKEN)
            .setNull(CHANGE_FEED.LEASE_UNTIL)
            .from(acks)
            .where(CHANGE_FEED.PROVIDER.eq(provider))
            .and(CHANGE_FEED.KIND.eq(kind))
            .and(CHANGE_FEED.LOCAL_ID.eq(localId))
            .and(CHANGE_FEED.CLAIM_TOKEN.eq(token))
            .execute();
      }
      return removed;
    });
  }

  /**
   * Gives back every claim of the provider, whoever holds it: for a single daemon starting after
   * a crash (kill -9), whose claims would otherwise wait for their leases to expire. Never call it
   * while another node may be working the provider.
   *
   * @return how many claims were given back
   */
  public int releaseAll(String provider) {
    requireText(provider);
    return dsl.update(CHANGE_FEED)
        .setNull(CHANGE_FEED.CLAIM_TOKEN)
        .setNull(CHANGE_FEED.LEASE_UNTIL)
        .where(CHANGE_FEED.PROVIDER.eq(provider))
        .and(CHANGE_FEED.CLAIM_TOKEN.isNotNull())
        .execute();
  }

  /** {@inheritDoc} One statement, whatever the number of claims. Blocks on JDBC. */
  @Override
  public List<Claim> renew(Collection<Claim> claims, Instant until) {
    Objects.requireNonNull(until, "until");
    if (claims.isEmpty()) {
      return List.of();
    }
    Map<List<Object>, Claim> byKey = new java.util.HashMap<>();
    for (Claim claim : claims) {
      byKey.put(List.of(claim.provider(), claim.object().kind().name(), claim.object().localId(),
          claim.token()), claim);
    }
    Table<Record4<String, String, String, Long>> held = claimsTable(claims);
    List<Record4<String, String, String, Long>> rows = dsl.transactionResult(trx -> {
      // the rows are locked in key order first, as a commit batch locks them: an update over a
      // join would take them in whatever order its plan reads them, and could deadlock with one
      trx.dsl().select(CHANGE_FEED.PROVIDER).from(CHANGE_FEED).join(held)
          .on(CHANGE_FEED.PROVIDER.eq(held.field(0, String.class)))
          .and(CHANGE_FEED.KIND.eq(held.field(1, String.class)))
          .and(CHANGE_FEED.LOCAL_ID.eq(held.field(2, String.class)))
          .and(CHANGE_FEED.CLAIM_TOKEN.eq(held.field(3, Long.class)))
          .orderBy(CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID)
          .forUpdate().of(CHANGE_FEED)
          .fetch();
      return trx.dsl().update(CHANGE_FEED)
          .set(CHANGE_FEED.LEASE_UNTIL, Columns.timestamp(until))
          .from(held)
          .where(CHANGE_FEED.PROVIDER.eq(held.field(0, String.class)))
          .and(CHANGE_FEED.KIND.eq(held.field(1, String.class)))
          .and(CHANGE_FEED.LOCAL_ID.eq(held.field(2, String.class)))
          .and(CHANGE_FEED.CLAIM_TOKEN.eq(held.field(3, Long.class)))
          .returningResult(CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID,
              CHANGE_FEED.CLAIM_TOKEN)
          .fetch();
    });
    Instant leaseUntil = Columns.timestamp(until).toInstant();
    List<Claim> renewed = new ArrayList<>(rows.size());
    for (Record4<String, String, String, Long> row : rows) {
      Claim claim = byKey.get(List.of(row.value1(), row.value2(), row.value3(), row.value4()));
      renewed.add(new Claim(claim.provider(), claim.object(), claim.generation(), claim.token(),
          leaseUntil));
    }
    return renewed;
  }

  /** (provider, kind, local_id, claim_token) rows of the claims, for joins. */
  static Table<Record4<String, String, String, Long>> claimsTable(Collection<Claim> claims) {
    List<Row4<String, String, String, Long>> rows = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      rows.add(row(claim.provider(), claim.object().kind().name(), claim.object().localId(),
          claim.token()));
    }
    @SuppressWarnings("unchecked")
    Row4<String, String, String, Long>[] array = rows.toArray(Row4[]::new);
    return values(array).as("held", "provider", "kind", "local_id", "claim_token");
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public void release(Claim claim, Instant notBefore) {
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(notBefore, "notBefore");
    dsl.update(CHANGE_FEED)
        .setNull(CHANGE_FEED.CLAIM_TOKEN)
        .setNull(CHANGE_FEED.LEASE_UNTIL)
        .set(CHANGE_FEED.NOT_BEFORE, Columns.timestamp(notBefore))
        .where(heldBy(claim))
        .execute();
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public long pending(String provider) {
    return dsl.selectCount().from(CHANGE_FEED).where(CHANGE_FEED.PROVIDER.eq(provider))
        .fetchOne(0, Long.class);
  }

  /** {@inheritDoc} Blocks on JDBC: call it on a dedicated executor. */
  @Override
  public int removeProvider(String provider) {
    return dsl.deleteFrom(CHANGE_FEED).where(CHANGE_FEED.PROVIDER.eq(provider)).execute();
  }

  /** The entry's row, if {@code claim} still holds it (tokens are never reused). */
  private static org.jooq.Condition heldBy(Claim claim) {
    return CHANGE_FEED.PROVIDER.eq(claim.provider())
        .and(CHANGE_FEED.KIND.eq(claim.object().kind().name()))
        .and(CHANGE_FEED.LOCAL_ID.eq(claim.object().localId()))
        .and(CHANGE_FEED.CLAIM_TOKEN.eq(claim.token()));
  }


  private static void requireText(String provider) {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
  }
}
