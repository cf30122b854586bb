package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.port.ChangeFeed;
import io.scimsync.domain.port.ChangeFeedContract;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JooqChangeFeedTest extends ChangeFeedContract {
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
  protected ChangeFeed newFeed() {
    dsl.execute("TRUNCATE change_feed, provider");
    return new JooqChangeFeed(dsl);
  }

  @Test
  void releaseAll_givesBackEveryClaimOfTheProvider_soARestartedDaemonNeedNotWaitForLeases() {
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    feed.markDirty(OKTA, List.of(ObjectRef.user("a"), ObjectRef.user("b")));
    feed.markDirty(SLACK, ObjectRef.user("a"));
    assertThat(feed.claim(OKTA, 10, LEASE, T0)).hasSize(2);
    assertThat(feed.claim(SLACK, 10, LEASE, T0)).hasSize(1);

    assertThat(feed.releaseAll(OKTA)).isEqualTo(2);

    assertThat(feed.claim(OKTA, 10, LEASE, T0)).hasSize(2);
    assertThat(feed.claim(SLACK, 10, LEASE, T0)).as("other providers keep theirs").isEmpty();
  }

  @Test
  void twoConcurrentClaimers_neverGetTheSameEntry_andTogetherGetAll() throws Exception {
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    List<ObjectRef> objects = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      objects.add(i % 3 == 0 ? ObjectRef.group("g" + i) : ObjectRef.user("u" + i));
    }
    addProvider(OKTA);
    dsl.transaction(trx -> JooqChangeFeed.markForEveryProvider(trx.dsl(), objects));

    CountDownLatch start = new CountDownLatch(1);
    Callable<List<Claim>> claimer = () -> {
      start.await();
      List<Claim> mine = new ArrayList<>();
      while (true) {
        List<Claim> batch = feed.claim(OKTA, 25, LEASE, T0);
        if (batch.isEmpty()) {
          return mine;
        }
        mine.addAll(batch);
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<Claim>> first = pool.submit(claimer);
      Future<List<Claim>> second = pool.submit(claimer);
      start.countDown();
      List<Claim> a = first.get(60, TimeUnit.SECONDS);
      List<Claim> b = second.get(60, TimeUnit.SECONDS);

      Set<ObjectRef> fromA = new HashSet<>(a.stream().map(Claim::object).toList());
      Set<ObjectRef> fromB = new HashSet<>(b.stream().map(Claim::object).toList());
      assertThat(fromA).hasSameSizeAs(a).doesNotContainAnyElementsOf(fromB);
      assertThat(fromB).hasSameSizeAs(b);
      Set<ObjectRef> together = new HashSet<>(fromA);
      together.addAll(fromB);
      assertThat(together).containsExactlyInAnyOrderElementsOf(objects);
      assertThat(a).isNotEmpty();
      assertThat(b).isNotEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void expiredLeaseIsReclaimed_toTheMicrosecond_andTheCrashedClaimCanNoLongerAcknowledge() {
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    ObjectRef alice = ObjectRef.user("alice");
    feed.markDirty(OKTA, alice);
    Instant now = T0.plusNanos(123_456_789); // stored as ...123456 µs
    Claim crashed = feed.claim(OKTA, 10, Duration.ofMillis(1500), now).get(0);
    Instant leaseEnd = now.plusMillis(1500).truncatedTo(ChronoUnit.MICROS);
    assertThat(crashed.leaseUntil()).isEqualTo(leaseEnd);

    assertThat(feed.claim(OKTA, 10, LEASE, leaseEnd.minusNanos(1_000))).isEmpty();
    List<Claim> reclaimed = feed.claim(OKTA, 10, LEASE, leaseEnd);

    assertThat(reclaimed).extracting(Claim::object).containsExactly(alice);
    assertThat(reclaimed.get(0).token()).isNotEqualTo(crashed.token());
    assertThat(feed.acknowledge(crashed)).isFalse();
    assertThat(feed.pending(OKTA)).isEqualTo(1);
    assertThat(feed.acknowledge(reclaimed.get(0))).isTrue();
    assertThat(feed.pending(OKTA)).isZero();
  }

  @Test
  void changeArrivingDuringProcessing_survivesTheAcknowledgement_fromAnotherConnection()
      throws Exception {
    JooqChangeFeed worker = new JooqChangeFeed(dsl);
    ObjectRef eng = ObjectRef.group("eng");
    worker.markDirty(OKTA, eng);
    Claim claim = worker.claim(OKTA, 10, LEASE, T0).get(0);

    // the writer is another node: its own connection, its own thread
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      writer.submit(() -> new JooqChangeFeed(Migrations.dsl(db.dataSource())).markDirty(OKTA, eng))
          .get(30, TimeUnit.SECONDS);
    } finally {
      writer.shutdownNow();
    }

    assertThat(worker.acknowledge(claim)).isFalse();
    List<Claim> again = worker.claim(OKTA, 10, LEASE, T0);
    assertThat(again).extracting(Claim::object).containsExactly(eng);
    assertThat(again.get(0).generation()).isEqualTo(claim.generation() + 1);
  }

  @Test
  void batchAcknowledgeRemovesUnchangedEntries_andKeepsThoseDirtiedAgain() {
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    ObjectRef alice = ObjectRef.user("alice");
    ObjectRef bob = ObjectRef.user("bob");
    ObjectRef eng = ObjectRef.group("eng");
    feed.markDirty(OKTA, alice);
    feed.markDirty(OKTA, bob);
    feed.markDirty(SLACK, eng);
    List<Claim> claims = new ArrayList<>(feed.claim(OKTA, 10, LEASE, T0));
    claims.addAll(feed.claim(SLACK, 10, LEASE, T0));
    feed.markDirty(OKTA, bob);

    assertThat(feed.acknowledge(claims)).isEqualTo(2);

    assertThat(feed.pending(SLACK)).isZero();
    assertThat(feed.claim(OKTA, 10, LEASE, T0)).extracting(Claim::object).containsExactly(bob);
    assertThat(feed.acknowledge(claims)).isZero();
    assertThat(feed.acknowledge(List.of())).isZero();
  }

  @Test
  void notifiesListeners_whenAMarkCommits() throws Exception {
    BlockingQueue<String> woken = new LinkedBlockingQueue<>();
    JooqChangeFeed feed = new JooqChangeFeed(dsl);
    try (ChangeNotifications ignored = ChangeNotifications.start(db.dataSource(), woken::add)) {
      feed.markDirty(OKTA, ObjectRef.user("alice"));
      assertThat(woken.poll(30, TimeUnit.SECONDS)).isEqualTo(OKTA);

      addProvider(SLACK);
      addProvider("azure");
      new JooqDirectoryStore(dsl).putUser(io.scimsync.domain.directory.LocalUser.of("bob", "bob"));
      Set<String> providers = new HashSet<>();
      providers.add(woken.poll(30, TimeUnit.SECONDS));
      providers.add(woken.poll(30, TimeUnit.SECONDS));
      assertThat(providers).containsExactlyInAnyOrder(SLACK, "azure");
    }
  }

  private static void addProvider(String name) {
    OffsetDateTime now = OffsetDateTime.now();
    dsl.insertInto(PROVIDER)
        .set(PROVIDER.NAME, name)
        .set(PROVIDER.BASE_URL, "https://" + name + ".example.com/scim/v2")
        .set(PROVIDER.AUTH_TYPE, "bearer")
        .set(PROVIDER.CREATED_AT, now)
        .set(PROVIDER.UPDATED_AT, now)
        .execute();
  }
}
