package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Sequences.SYNC_OUTCOME_SEQ;
import static io.scimsync.adapters.persistence.jooq.Tables.CHANGE_FEED;
import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_MEMBERSHIP;
import static io.scimsync.adapters.persistence.jooq.Tables.SYNC_OUTCOME;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.values;

import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectOutcome;
import io.scimsync.domain.port.RemoteIdTakenException;
import io.scimsync.domain.port.SyncStateStore.Outcome;
import io.scimsync.domain.port.SyncStateStore.Result;
import io.scimsync.domain.port.SyncStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep7;
import org.jooq.Record3;
import org.jooq.Record5;
import org.jooq.Row3;
import org.jooq.Row5;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * One {@code SyncStateStore.commit} inside its transaction: first the claims' change-feed rows
 * are locked, and only commits whose claim still holds its row go on; then each kind of write is
 * one statement for the whole batch (the connection upserts one JDBC batch).
 */
final class BatchCommit {
  private final DSLContext trx;
  private final List<ObjectCommit> commits;
  private final Outcome[] outcomes;

  BatchCommit(DSLContext trx, List<ObjectCommit> commits) {
    this.trx = trx;
    this.commits = commits;
    this.outcomes = new Outcome[commits.size()];
  }

  List<Outcome> run() {
    if (commits.stream().noneMatch(c -> c.finish() instanceof ObjectCommit.Finish.Hold)) {
      // only finished runs: a crash that loses this transaction loses nothing that cannot be
      // redone (the claims come back, creates are looked up through their durable marks), so it
      // need not wait for the disk; marks are written durably before their creates leave
      trx.execute("SET LOCAL synchronous_commit TO OFF");
    }
    Map<List<String>, Set<String>> groupsOfUsers = groupsToMark();
    Set<List<Object>> held = lockHeld(groupsOfUsers);
    List<ObjectCommit> live = new ArrayList<>();
    for (int i = 0; i < commits.size(); i++) {
      if (!held.contains(key(commits.get(i).claim()))) {
        outcomes[i] = Outcome.FENCED;
      }
    }
    refuseTakenRemoteIds();
    for (int i = 0; i < commits.size(); i++) {
      if (outcomes[i] == null) {
        live.add(commits.get(i));
      }
    }
    if (!live.isEmpty()) {
      writeConnections(live);
      writeOutcomes(live);
      markGroups(live, groupsOfUsers);
      releaseClaims(live);
      Set<List<Object>> removed = acknowledge(live);
      for (int i = 0; i < commits.size(); i++) {
        if (outcomes[i] == null) {
          outcomes[i] = removed.contains(key(commits.get(i).claim())) ? Outcome.ACKNOWLEDGED
              : Outcome.WRITTEN;
        }
      }
    }
    return List.of(outcomes);
  }

  private static List<Object> key(Claim claim) {
    return List.of(claim.provider(), claim.object().kind().name(), claim.object().localId(),
        claim.token());
  }

  /**
   * The keys of the claims still holding their rows, locked until the transaction ends, with
   * the rows of the groups the batch will mark: every row this transaction writes is locked in
   * one statement in one order, so that concurrent batches cannot deadlock over them.
   */
  private Set<List<Object>> lockHeld(Map<List<String>, Set<String>> groupsOfUsers) {
    Map<List<String>, Long> tokens = new HashMap<>();
    List<Row3<String, String, String>> rows = new ArrayList<>();
    for (ObjectCommit commit : commits) {
      Claim c = commit.claim();
      List<String> row = List.of(c.provider(), c.object().kind().name(), c.object().localId());
      if (tokens.put(row, c.token()) == null) {
        rows.add(row(row.get(0), row.get(1), row.get(2)));
      }
    }
    Set<List<String>> groups = new HashSet<>();
    groupsOfUsers.forEach((user, ids) -> ids.forEach(id -> groups.add(List.of(user.get(0),
        ObjectKind.GROUP.name(), id))));
    for (List<String> group : groups) {
      if (!tokens.containsKey(group)) {
        rows.add(row(group.get(0), group.get(1), group.get(2)));
      }
    }
    @SuppressWarnings("unchecked")
    Row3<String, String, String>[] array = rows.toArray(Row3[]::new);
    Table<Record3<String, String, String>> keys = values(array).as("k", "provider", "kind",
        "local_id");
    Set<List<Object>> held = new HashSet<>();
    trx.select(CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID,
            CHANGE_FEED.CLAIM_TOKEN)
        .from(CHANGE_FEED).join(keys)
        .on(CHANGE_FEED.PROVIDER.eq(keys.field(0, String.class)))
        .and(CHANGE_FEED.KIND.eq(keys.field(1, String.class)))
        .and(CHANGE_FEED.LOCAL_ID.eq(keys.field(2, String.class)))
        .orderBy(CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID)
        .forUpdate().of(CHANGE_FEED)
        .fetch()
        .forEach(r -> {
          Long token = tokens.get(List.of(r.value1(), r.value2(), r.value3()));
          if (token != null && token.equals(r.value4())) {
            held.add(List.of(r.value1(), r.value2(), r.value3(), r.value4()));
          }
        });
    return held;
  }

  /**
   * Refuses the saves that would link a remote id another object holds (or one saved earlier in
   * this batch): checked here, because a unique violation would abort the whole transaction.
   */
  private void refuseTakenRemoteIds() {
    Map<List<String>, String> holders = new HashMap<>();
    List<org.jooq.Condition> wanted = new ArrayList<>();
    for (int i = 0; i < commits.size(); i++) {
      Connection saved = savedConnection(commits.get(i));
      if (outcomes[i] == null && saved != null && saved.remoteId().isPresent()) {
        wanted.add(CONNECTION.PROVIDER.eq(saved.provider())
            .and(CONNECTION.KIND.eq(saved.object().kind().name()))
            .and(CONNECTION.REMOTE_ID.eq(saved.remoteId().get())));
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    trx.select(CONNECTION.PROVIDER, CONNECTION.KIND, CONNECTION.REMOTE_ID, CONNECTION.LOCAL_ID)
        .from(CONNECTION).where(DSL.or(wanted))
        .fetch()
        .forEach(r -> holders.put(List.of(r.value1(), r.value2(), r.value3()), r.value4()));
    for (int i = 0; i < commits.size(); i++) {
      Connection saved = savedConnection(commits.get(i));
      if (outcomes[i] != null || saved == null || saved.remoteId().isEmpty()) {
        continue;
      }
      List<String> remote = List.of(saved.provider(), saved.object().kind().name(),
          saved.remoteId().get());
      String holder = holders.get(remote);
      if (holder != null && !holder.equals(saved.object().localId())) {
        outcomes[i] = new Outcome(Result.REMOTE_ID_TAKEN, new RemoteIdTakenException(
            saved.provider(), saved.object().kind(), saved.remoteId().get(), holder,
            saved.object().localId()).getMessage());
      } else {
        holders.put(remote, saved.object().localId());
      }
    }
  }

  private static Connection savedConnection(ObjectCommit commit) {
    return commit.connection() instanceof ObjectCommit.ConnectionChange.Save save
        ? save.connection() : null;
  }

  private void writeConnections(List<ObjectCommit> live) {
    // keyed: one statement may not upsert a row twice
    Map<List<String>, Connection> saves = new LinkedHashMap<>();
    List<org.jooq.Condition> removals = new ArrayList<>();
    for (ObjectCommit commit : live) {
      Connection saved = savedConnection(commit);
      if (saved != null) {
        saves.put(List.of(saved.provider(), saved.object().kind().name(),
            saved.object().localId()), saved);
      } else if (commit.connection() instanceof ObjectCommit.ConnectionChange.Remove) {
        Claim claim = commit.claim();
        removals.add(CONNECTION.PROVIDER.eq(claim.provider())
            .and(CONNECTION.KIND.eq(claim.object().kind().name()))
            .and(CONNECTION.LOCAL_ID.eq(claim.object().localId())));
      }
    }
    if (!removals.isEmpty()) {
      // removals first: a remote id freed by one object may be saved by another in this batch
      trx.deleteFrom(CONNECTION).where(DSL.or(removals)).execute();
    }
    if (saves.isEmpty()) {
      return;
    }
    ConnectionUpsert.write(trx, saves.values());
  }

  private void writeOutcomes(List<ObjectCommit> live) {
    InsertValuesStep7<?, Long, String, String, String, String, String, OffsetDateTime> insert =
        null;
    for (ObjectCommit commit : live) {
      if (commit.outcome().isEmpty()) {
        continue;
      }
      ObjectOutcome o = commit.outcome().get();
      if (insert == null) {
        insert = trx.insertInto(SYNC_OUTCOME, SYNC_OUTCOME.ID, SYNC_OUTCOME.PROVIDER,
            SYNC_OUTCOME.KIND, SYNC_OUTCOME.LOCAL_ID, SYNC_OUTCOME.OUTCOME, SYNC_OUTCOME.DETAIL,
            SYNC_OUTCOME.AT);
      }
      insert = insert.values(SYNC_OUTCOME_SEQ.nextval(), val(o.provider()),
          val(o.object().kind().name()), val(o.object().localId()), val(o.kind().name()),
          val(o.detail()), val(Columns.timestamp(o.at())));
    }
    if (insert != null) {
      insert.execute();
    }
  }

  /**
   * The groups each commit's marks select, keyed by (provider, user id): every group of the
   * user, or only those that may wait for it (never written, or neither synced nor failed). Read
   * before anything is locked, so that their rows are locked with the claims'.
   */
  private Map<List<String>, Set<String>> groupsToMark() {
    Map<String, Set<String>> all = new LinkedHashMap<>();
    Map<String, Set<String>> waiting = new LinkedHashMap<>();
    for (ObjectCommit commit : commits) {
      commit.marks().ifPresent(marks -> (marks.all() ? all : waiting)
          .computeIfAbsent(commit.claim().provider(), p -> new HashSet<>()).add(marks.userId()));
    }
    Set<String> providers = new HashSet<>(all.keySet());
    providers.addAll(waiting.keySet());
    Map<List<String>, Set<String>> groups = new HashMap<>();
    for (String provider : providers) {
      Set<String> every = all.getOrDefault(provider, Set.of());
      Set<String> some = waiting.getOrDefault(provider, Set.of());
      trx.selectDistinct(DIRECTORY_MEMBERSHIP.USER_ID, DIRECTORY_MEMBERSHIP.GROUP_ID)
          .from(DIRECTORY_MEMBERSHIP)
          .leftJoin(CONNECTION).on(CONNECTION.PROVIDER.eq(provider))
          .and(CONNECTION.KIND.eq(ObjectKind.GROUP.name()))
          .and(CONNECTION.LOCAL_ID.eq(DIRECTORY_MEMBERSHIP.GROUP_ID))
          .where(DIRECTORY_MEMBERSHIP.USER_ID.in(every)
              .or(DIRECTORY_MEMBERSHIP.USER_ID.in(some)
                  .and(CONNECTION.STATUS.isNull().or(CONNECTION.STATUS.notIn(
                      SyncStatus.SYNCED.name(), SyncStatus.FAILED.name())))))
          .fetch()
          .forEach(r -> groups.computeIfAbsent(List.of(provider, r.value1()),
              k -> new HashSet<>()).add(r.value2()));
    }
    return groups;
  }

  /** One statement per provider: the groups the live commits' marks selected. */
  private void markGroups(List<ObjectCommit> live, Map<List<String>, Set<String>> groupsOfUsers) {
    Map<String, java.util.TreeSet<String>> marked = new LinkedHashMap<>();
    for (ObjectCommit commit : live) {
      commit.marks().ifPresent(marks -> {
        Set<String> groups = groupsOfUsers.get(List.of(commit.claim().provider(),
            marks.userId()));
        if (groups != null) {
          marked.computeIfAbsent(commit.claim().provider(), p -> new java.util.TreeSet<>())
              .addAll(groups);
        }
      });
    }
    marked.forEach((provider, groups) -> {
      List<Row3<String, String, String>> rows = new ArrayList<>();
      for (String group : groups) {
        rows.add(row(provider, ObjectKind.GROUP.name(), group));
      }
      @SuppressWarnings("unchecked")
      Row3<String, String, String>[] array = rows.toArray(Row3[]::new);
      Table<Record3<String, String, String>> m = values(array).as("m", "provider", "kind",
          "local_id");
      JooqChangeFeed.mark(trx, DSL.select(m.field(0, String.class), m.field(1, String.class),
          m.field(2, String.class)).from(m)
          // a stable order of row locks, as every marking takes them
          .orderBy(m.field(2)));
    });
  }

  private void releaseClaims(List<ObjectCommit> live) {
    List<Row5<String, String, String, Long, OffsetDateTime>> rows = new ArrayList<>();
    for (ObjectCommit commit : live) {
      if (commit.finish() instanceof ObjectCommit.Finish.ReleaseAt release) {
        Claim c = commit.claim();
        rows.add(row(c.provider(), c.object().kind().name(), c.object().localId(), c.token(),
            Columns.timestamp(release.at())));
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    @SuppressWarnings("unchecked")
    Row5<String, String, String, Long, OffsetDateTime>[] array = rows.toArray(Row5[]::new);
    Table<Record5<String, String, String, Long, OffsetDateTime>> r =
        values(array).as("r", "provider", "kind", "local_id", "claim_token", "not_before");
    trx.update(CHANGE_FEED)
        .setNull(CHANGE_FEED.CLAIM_TOKEN)
        .setNull(CHANGE_FEED.LEASE_UNTIL)
        .set(CHANGE_FEED.NOT_BEFORE, r.field(4, OffsetDateTime.class))
        .from(r)
        .where(CHANGE_FEED.PROVIDER.eq(r.field(0, String.class)))
        .and(CHANGE_FEED.KIND.eq(r.field(1, String.class)))
        .and(CHANGE_FEED.LOCAL_ID.eq(r.field(2, String.class)))
        .and(CHANGE_FEED.CLAIM_TOKEN.eq(r.field(3, Long.class)))
        .execute();
  }

  /**
   * Removes the rows of acknowledged claims whose generation is still the claim's; the others
   * were dirtied again and are given back, claimable at once.
   *
   * @return the keys of the removed rows
   */
  private Set<List<Object>> acknowledge(List<ObjectCommit> live) {
    List<Row5<String, String, String, Long, Long>> rows = new ArrayList<>();
    for (ObjectCommit commit : live) {
      if (commit.finish() instanceof ObjectCommit.Finish.Acknowledge) {
        Claim c = commit.claim();
        rows.add(row(c.provider(), c.object().kind().name(), c.object().localId(), c.token(),
            c.generation()));
      }
    }
    Set<List<Object>> removed = new HashSet<>();
    if (rows.isEmpty()) {
      return removed;
    }
    @SuppressWarnings("unchecked")
    Row5<String, String, String, Long, Long>[] array = rows.toArray(Row5[]::new);
    Table<Record5<String, String, String, Long, Long>> a =
        values(array).as("a", "provider", "kind", "local_id", "claim_token", "generation");
    org.jooq.Condition heldByAck = CHANGE_FEED.PROVIDER.eq(a.field(0, String.class))
        .and(CHANGE_FEED.KIND.eq(a.field(1, String.class)))
        .and(CHANGE_FEED.LOCAL_ID.eq(a.field(2, String.class)))
        .and(CHANGE_FEED.CLAIM_TOKEN.eq(a.field(3, Long.class)));
    trx.deleteFrom(CHANGE_FEED).using(a)
        .where(heldByAck).and(CHANGE_FEED.GENERATION.eq(a.field(4, Long.class)))
        .returningResult(CHANGE_FEED.PROVIDER, CHANGE_FEED.KIND, CHANGE_FEED.LOCAL_ID,
            CHANGE_FEED.CLAIM_TOKEN)
        .fetch()
        .forEach(r -> removed.add(List.of(r.value1(), r.value2(), r.value3(), r.value4())));
    if (removed.size() < rows.size()) {
      trx.update(CHANGE_FEED)
          .setNull(CHANGE_FEED.CLAIM_TOKEN)
          .setNull(CHANGE_FEED.LEASE_UNTIL)
          .from(a)
          .where(heldByAck)
          .execute();
    }
    return removed;
  }
}
