package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;

import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.Claim;
import io.scimsync.domain.port.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep4;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * The figures issue 5 asks for, on this machine: claim+acknowledge throughput of the change feed
 * (aim: at least 5,000 objects/s) and the heap used to stream 100,000 users in pages (aim: flat,
 * under 64 MiB above baseline). Runs on a {@link TestDatabase} (embedded PostgreSQL, or
 * {@code SCIMSYNC_TEST_DB_URL}):
 *
 * <pre>
 * ./mvnw -q install -DskipTests -Dbuild.dir.name=target
 * ./mvnw -q -pl adapters-persistence exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.scimsync.adapters.persistence.ChangeFeedBenchmark
 * </pre>
 */
public final class ChangeFeedBenchmark {
  private static final String PROVIDER = "bench";
  private static final int DIRTY = 20_000;
  private static final int BATCH = 500;
  private static final int USERS = 100_000;
  private static final int PAGE = 1_000;
  private static final Duration LEASE = Duration.ofMinutes(5);

  private ChangeFeedBenchmark() {}

  public static void main(String[] args) {
    try (TestDatabase db = TestDatabase.create()) {
      DSLContext dsl = db.dsl();
      JooqChangeFeed feed = new JooqChangeFeed(dsl);
      warmUp(feed);
      claimAndAcknowledge(feed, true);
      claimAndAcknowledge(feed, false);
      streamUsers(dsl, new JooqDirectoryStore(dsl));
    }
  }

  private static void warmUp(JooqChangeFeed feed) {
    for (int i = 0; i < 500; i++) {
      feed.markDirty(PROVIDER, ObjectRef.user("warm" + i));
    }
    drain(feed, true);
    drain(feed, false);
  }

  private static void claimAndAcknowledge(JooqChangeFeed feed, boolean batched) {
    long markStart = System.nanoTime();
    for (int i = 0; i < DIRTY; i++) {
      feed.markDirty(PROVIDER, i % 4 == 0 ? ObjectRef.group("g" + i) : ObjectRef.user("u" + i));
    }
    double markSeconds = (System.nanoTime() - markStart) / 1e9;
    long start = System.nanoTime();
    int done = drain(feed, batched);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (done != DIRTY || feed.pending(PROVIDER) != 0) {
      throw new IllegalStateException("drained " + done + " of " + DIRTY);
    }
    System.out.printf("change feed: marked %,d objects one transaction each in %.2f s (%,.0f/s)%n",
        DIRTY, markSeconds, DIRTY / markSeconds);
    System.out.printf("change feed: claimed (batches of %d) and acknowledged (%s) %,d objects "
            + "in %.2f s: %,.0f objects/s%n", BATCH,
        batched ? "one call per batch" : "one call per claim", DIRTY, seconds, DIRTY / seconds);
  }

  private static int drain(JooqChangeFeed feed, boolean batched) {
    int done = 0;
    Instant now = Instant.now();
    while (true) {
      List<Claim> claims = feed.claim(PROVIDER, BATCH, LEASE, now);
      if (claims.isEmpty()) {
        return done;
      }
      if (batched) {
        done += feed.acknowledge(claims);
      } else {
        for (Claim claim : claims) {
          done += feed.acknowledge(claim) ? 1 : 0;
        }
      }
    }
  }

  private static void streamUsers(DSLContext dsl, JooqDirectoryStore directory) {
    long insertStart = System.nanoTime();
    OffsetDateTime now = OffsetDateTime.now();
    JSONB attributes = Columns.toJsonb(java.util.Map.of("title", "Engineer",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        java.util.Map.of("department", "R&D", "costCenter", "4711")));
    for (int from = 0; from < USERS; from += 5_000) {
      InsertValuesStep4<? extends Record, String, String, Boolean, OffsetDateTime> insert =
          dsl.insertInto(DIRECTORY_USER, DIRECTORY_USER.ID, DIRECTORY_USER.USER_NAME,
              DIRECTORY_USER.ACTIVE, DIRECTORY_USER.UPDATED_AT);
      for (int i = from; i < from + 5_000; i++) {
        insert = insert.values(String.format("user-%06d", i), "user" + i + "@example.com", true,
            now);
      }
      insert.execute();
    }
    dsl.update(DIRECTORY_USER).set(DIRECTORY_USER.ATTRIBUTES, attributes).execute();
    System.out.printf("directory: inserted %,d users in %.2f s%n", USERS,
        (System.nanoTime() - insertStart) / 1e9);

    // pass 1 as the issue measures it: no collection while streaming, so the samples include the
    // garbage of the pages already read; pass 2 collects every 10 pages: what the stream retains
    stream(directory, false);
    stream(directory, true);
  }

  private static void stream(JooqDirectoryStore directory, boolean collect) {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long baseline = runtime.totalMemory() - runtime.freeMemory();
    long max = baseline;
    int count = 0;
    int pages = 0;
    long start = System.nanoTime();
    Optional<String> after = Optional.empty();
    while (true) {
      List<LocalUser> page = directory.users(after, PAGE);
      if (page.isEmpty()) {
        break;
      }
      count += page.size();
      pages++;
      after = Optional.of(page.get(page.size() - 1).id());
      if (!collect) {
        max = Math.max(max, runtime.totalMemory() - runtime.freeMemory());
      } else if (pages % 10 == 0) {
        System.gc(); // the current page is still referenced: it counts
        max = Math.max(max, runtime.totalMemory() - runtime.freeMemory());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (count != USERS) {
      throw new IllegalStateException("streamed " + count + " of " + USERS);
    }
    System.out.printf("directory: streamed %,d users in %d pages of %d in %.2f s (%,.0f users/s); "
            + "heap baseline %.1f MiB, max above it %.1f MiB (%s; max heap %.0f MiB)%n",
        count, pages, PAGE, seconds, count / seconds, mib(baseline), mib(max - baseline),
        collect ? "sampled after a GC every 10 pages: what the stream retains"
            : "sampled after each page, no GC: uncollected garbage included",
        mib(runtime.maxMemory()));
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
