package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.CHANGE_FEED;
import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_GROUP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_MEMBERSHIP;
import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;
import static io.scimsync.adapters.persistence.jooq.Tables.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/**
 * Races between writers sharing the database, made deterministic: a transaction held open by the
 * test makes one writer wait, and the test waits (with a deadline) until PostgreSQL shows the
 * expected number of sessions waiting on a lock before it lets go.
 */
class JooqConcurrencyTest {
  private static TestDatabase db;
  private DSLContext dsl;
  private ExecutorService threads;

  @BeforeAll
  static void open() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void clean() {
    dsl = db.dsl();
    dsl.truncate(PROVIDER, CONNECTION, CHANGE_FEED, DIRECTORY_MEMBERSHIP, DIRECTORY_USER,
        DIRECTORY_GROUP).execute();
  }

  @org.junit.jupiter.api.AfterEach
  void stopThreads() {
    if (threads != null) {
      threads.shutdownNow();
    }
  }

  private static LocalUser user(String id) {
    return LocalUser.of(id, id);
  }

  private static ProviderRecord provider(String name) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new ProviderRecord(name, "https://scim.example.com/v2", "default", Map.of(), "none",
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), t, t);
  }

  /** Waits until {@code sessions} sessions of this database wait on a lock; fails after 20 s. */
  private void awaitLockWaiters(int sessions) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Integer waiting = dsl.resultQuery("select count(*)::int from pg_stat_activity"
          + " where datname = current_database() and wait_event_type = 'Lock'")
          .fetchOne(0, Integer.class);
      if (waiting != null && waiting >= sessions) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(sessions + " sessions never waited on a lock");
  }

  @Test
  void aUserCreatedWhileAProviderIsAdded_isStillMarkedForIt() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    JooqProviderStore providers = new JooqProviderStore(dsl,
        SecretCipher.fromBase64(Base64.getEncoder().encodeToString(key)));
    JooqDirectoryStore directory = new JooqDirectoryStore(dsl);
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    directory.putUser(user("u0"));
    threads = Executors.newFixedThreadPool(2);

    try (Connection holder = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      // an uncommitted feed row the provider's initial marking must wait for
      DSL.using(holder).execute("insert into change_feed(provider, kind, local_id, seq)"
          + " values ('p', 'USER', 'u0', 0)");
      Future<?> add = threads.submit(() -> providers.put(provider("p"), Optional.empty()));
      awaitLockWaiters(1);
      Future<?> write = threads.submit(() -> directory.putUser(user("u1")));
      awaitLockWaiters(2);
      holder.rollback();
      add.get(20, TimeUnit.SECONDS);
      write.get(20, TimeUnit.SECONDS);
    }

    assertThat(feed.pending("p")).as("every object pending for the new provider").isEqualTo(2);
  }

  @Test
  void deletingAUserWhileItsGroupIsWritten_neitherDeadlocksNorLosesTheGroupsMark() throws Exception {
    dsl.insertInto(PROVIDER).set(PROVIDER.NAME, "p").set(PROVIDER.BASE_URL, "https://x")
        .set(PROVIDER.AUTH_TYPE, "none").set(PROVIDER.CREATED_AT, java.time.OffsetDateTime.now())
        .set(PROVIDER.UPDATED_AT, java.time.OffsetDateTime.now()).execute();
    JooqDirectoryStore directory = new JooqDirectoryStore(dsl);
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    directory.putUser(user("u"));
    directory.putGroup(LocalGroup.of("g", "g", Set.of("u")));
    dsl.truncate(CHANGE_FEED).execute();
    threads = Executors.newFixedThreadPool(2);

    try (Connection holder = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      DSL.using(holder).execute("select 1 from directory_group where id = 'g' for update");
      Future<?> put = threads.submit(() -> directory.putGroup(LocalGroup.of("g", "g2", Set.of("u"))));
      awaitLockWaiters(1);
      Future<?> delete = threads.submit(() -> directory.deleteUser("u"));
      awaitLockWaiters(2);
      holder.commit();
      put.get(20, TimeUnit.SECONDS);
      delete.get(20, TimeUnit.SECONDS);
    }

    assertThat(directory.findUser("u")).isEmpty();
    assertThat(directory.findGroup("g").orElseThrow().memberIds()).isEmpty();
    assertThat(feed.pending("p")).as("the user and the group it left").isEqualTo(2);
  }

  @Test
  void closingTheNotificationListener_givesItsConnectionBack() {
    com.zaxxer.hikari.HikariPoolMXBean pool =
        ((com.zaxxer.hikari.HikariDataSource) db.dataSource()).getHikariPoolMXBean();
    int before = pool.getActiveConnections();
    ChangeNotifications listener = ChangeNotifications.start(db.dataSource(), provider -> { });
    assertThat(pool.getActiveConnections()).isEqualTo(before + 1);

    listener.close();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.getActiveConnections() > before && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(pool.getActiveConnections()).isEqualTo(before);
  }

  @Test
  void aForeignPostgresProcess_isNeverTakenForOurLeftoverServer() {
    Optional<ProcessHandle> foreign = ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .findFirst();
    Assumptions.assumeTrue(foreign.isPresent(), "no PostgreSQL process on this machine to check with");

    assertThat(EmbeddedPostgresServer.servesCluster(foreign.get(), Path.of("/tmp/not-our-cluster")))
        .isFalse();
  }
}
