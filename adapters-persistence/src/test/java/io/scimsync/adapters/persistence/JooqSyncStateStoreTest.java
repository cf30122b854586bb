package io.scimsync.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectCommit;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.SyncStateStore;
import io.scimsync.domain.port.SyncStateStoreContract;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JooqSyncStateStoreTest extends SyncStateStoreContract {
  private static TestDatabase db;
  private static DSLContext dsl;

  @BeforeAll
  static void openDatabase() {
    db = TestDatabase.create();
    dsl = db.dsl();
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @Override
  protected Stores newStores() {
    dsl.execute("TRUNCATE change_feed, connection, directory_membership, directory_user, "
        + "directory_group, sync_outcome, sync_run, provider");
    for (String provider : new String[] {OKTA, SLACK}) {
      dsl.execute("INSERT INTO provider (name, base_url, auth_type, created_at, updated_at) "
          + "VALUES (?, 'https://example.com/scim/v2', 'none', now(), now())", provider);
    }
    return new Stores(new JooqDirectoryStore(dsl), new JooqConnectionStore(dsl),
        new JooqChangeFeed(dsl), new JooqSyncLog(dsl), new JooqSyncStateStore(dsl));
  }

  /**
   * Two batches marking the same groups deadlocked when one locked its claims first and the
   * groups it marks later: here a transaction holds g1 and then wants g2, while the batch holds
   * g2's claim and marks g1. The batch must take every row lock in one ordered statement, so it
   * waits for g1 before it holds g2.
   */
  @Test
  void aBatchLocksTheGroupsItMarksTogetherWithItsClaims_soBatchesCannotDeadlock()
      throws Exception {
    Stores stores = newStores();
    stores.directory().putUser(new LocalUser("alice", "alice@example.com", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), true, Map.of()));
    stores.directory().putGroup(LocalGroup.of("g1", "One", Set.of("alice")));
    stores.directory().putGroup(LocalGroup.of("g2", "Two", Set.of("alice")));
    Map<ObjectRef, Claim> claims = new java.util.HashMap<>();
    stores.feed().claim(OKTA, 10, Duration.ofMinutes(1), T0)
        .forEach(c -> claims.put(c.object(), c));
    List<ObjectCommit> batch = List.of(
        new ObjectCommit(claims.get(ObjectRef.group("g2")), ObjectCommit.ConnectionChange.KEEP,
            Optional.empty(), Optional.empty(), new ObjectCommit.Finish.Acknowledge()),
        new ObjectCommit(claims.get(ObjectRef.user("alice")), ObjectCommit.ConnectionChange.KEEP,
            Optional.empty(), Optional.of(new ObjectCommit.GroupMarks("alice", true)),
            new ObjectCommit.Finish.Acknowledge()));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection other = db.dataSource().getConnection();
         Statement sql = other.createStatement()) {
      other.setAutoCommit(false);
      sql.execute("SELECT 1 FROM change_feed WHERE provider = 'okta' AND kind = 'GROUP' "
          + "AND local_id = 'g1' FOR UPDATE");
      CompletableFuture<List<SyncStateStore.Outcome>> committed = CompletableFuture.supplyAsync(
          () -> stores.state().commit(batch), pool);
      awaitWaitingForALock("the batch", committed);
      // g2 is free: the batch waits for g1 without holding g2 (NOWAIT fails at once otherwise)
      sql.execute("SELECT 1 FROM change_feed WHERE provider = 'okta' AND kind = 'GROUP' "
          + "AND local_id = 'g2' FOR UPDATE NOWAIT");
      other.commit();
      assertThat(committed.get(20, TimeUnit.SECONDS)).hasSize(2)
          .doesNotContain(SyncStateStore.Outcome.FENCED);
    } finally {
      pool.shutdownNow();
    }
    assertThat(stores.feed().claim(OKTA, 10, Duration.ofMinutes(1), T0.plusSeconds(120)))
        .extracting(Claim::object)
        .contains(ObjectRef.group("g1"), ObjectRef.group("g2"));
  }

  /** A lease renewal takes its rows in key order too: it never holds g2 while it waits for g1. */
  @Test
  void aRenewalLocksItsRowsInKeyOrder_soItCannotDeadlockWithABatch() throws Exception {
    Stores stores = newStores();
    stores.directory().putGroup(LocalGroup.of("g1", "One", Set.of()));
    stores.directory().putGroup(LocalGroup.of("g2", "Two", Set.of()));
    Map<ObjectRef, Claim> claims = new java.util.HashMap<>();
    stores.feed().claim(OKTA, 10, Duration.ofMinutes(1), T0)
        .forEach(c -> claims.put(c.object(), c));
    // asked in the other order, as a renewal's claims come in no particular one
    List<Claim> asked = List.of(claims.get(ObjectRef.group("g2")),
        claims.get(ObjectRef.group("g1")));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection other = db.dataSource().getConnection();
         Statement sql = other.createStatement()) {
      other.setAutoCommit(false);
      sql.execute("SELECT 1 FROM change_feed WHERE provider = 'okta' AND kind = 'GROUP' "
          + "AND local_id = 'g1' FOR UPDATE");
      CompletableFuture<List<Claim>> renewed = CompletableFuture.supplyAsync(
          () -> stores.feed().renew(asked, T0.plusSeconds(120)), pool);
      awaitWaitingForALock("the renewal", renewed);
      sql.execute("SELECT 1 FROM change_feed WHERE provider = 'okta' AND kind = 'GROUP' "
          + "AND local_id = 'g2' FOR UPDATE NOWAIT");
      other.commit();
      assertThat(renewed.get(20, TimeUnit.SECONDS)).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until {@code call} waits for a row lock (g1, held by the test); it cannot finish first. */
  private static void awaitWaitingForALock(String what, CompletableFuture<?> call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (waitingForLocks() == 0) {
      assertThat(System.nanoTime()).as(what + " to wait for g1").isLessThan(deadline);
      assertThat(call).as(what + " cannot finish while g1 is held").isNotDone();
      Thread.onSpinWait();
    }
  }

  private static long waitingForLocks() {
    return ((Number) dsl.fetchValue("SELECT count(*) FROM pg_stat_activity WHERE "
        + "wait_event_type = 'Lock' AND datname = current_database() "
        + "AND query LIKE '%change_feed%'")).longValue();
  }
}
