package io.scimsync.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.it.support.Admin;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Small helpers the scenarios share: progress lines, parallel loading, percentiles. */
final class Bench {
  /**
   * A fixed pause of the measurement itself (a quiet period before reading statistics, the
   * interval between two polls, the pace of a load): never a wait for something to happen, which
   * the benchmark does by polling the daemon's status with a deadline.
   */
  static void pause(long millis) {
    java.util.concurrent.locks.LockSupport.parkNanos(
        java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final long START = System.nanoTime();

  private Bench() {}

  static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench %s +%6.1fs] %s%n", LocalTime.now().format(TIME),
        (System.nanoTime() - START) / 1e9, String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** Local user ids and names: {@code u<i>} / {@code user<i>}. */
  static String userId(int i) {
    return "u" + i;
  }

  static String userName(int i) {
    return "user" + i;
  }

  static String groupId(int g) {
    return "g" + g;
  }

  static String groupName(int g) {
    return "group" + g;
  }

  /**
   * Runs {@code task(0..count-1)} on {@code threads} threads, printing progress every tenth;
   * returns the seconds it took. The first failure fails the whole load.
   */
  static double parallel(String what, int count, int threads, IntConsumer task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int step = Math.max(1, count / 10);
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < count) {
            task.accept(i);
            int d = done.incrementAndGet();
            if (d % step == 0) {
              log("  %s: %,d / %,d (%.0f/s)", what, d, count,
                  d / ((System.nanoTime() - started) / 1e9));
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    log("  %s: %,d in %.1f s (%.0f/s)", what, count, seconds, count / seconds);
    return seconds;
  }

  /** Puts users 0..count-1 through the admin API, {@code threads} calls at a time. */
  static double loadUsers(Admin admin, int count, int threads) throws Exception {
    return parallel("users loaded", count, threads,
        i -> admin.putUser(userId(i), Map.of("userName", userName(i),
            "displayName", "User " + i, "email", userName(i) + "@example.com")));
  }

  /** The percentile {@code p} (0..1) of sorted values, nearest rank. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  /** Remote ids by userName / displayName, from a fake server's state dump. */
  static Map<String, String> remoteIds(JsonNode state, String kind, String nameField) {
    Map<String, String> ids = new HashMap<>();
    for (JsonNode resource : state.path(kind)) {
      ids.put(resource.path(nameField).asText(), resource.path("id").asText());
    }
    return ids;
  }

  /**
   * PostgreSQL's counters for one database (pg_stat_database) and its tables
   * (pg_stat_user_tables: sequential scans and the rows they read), as of the last flush.
   */
  record DbStats(long commits, long rowsReturned, long rowsInserted, long rowsUpdated,
                 long rowsDeleted, Map<String, long[]> tables) {
    DbStats minus(DbStats before) {
      Map<String, long[]> delta = new java.util.TreeMap<>();
      tables.forEach((name, now) -> {
        long[] then = before.tables.getOrDefault(name, new long[now.length]);
        long[] d = new long[now.length];
        for (int i = 0; i < now.length; i++) {
          d[i] = now[i] - then[i];
        }
        delta.put(name, d);
      });
      return new DbStats(commits - before.commits, rowsReturned - before.rowsReturned,
          rowsInserted - before.rowsInserted, rowsUpdated - before.rowsUpdated,
          rowsDeleted - before.rowsDeleted, delta);
    }

    String perObject(long objects) {
      StringBuilder scans = new StringBuilder();
      tables.entrySet().stream()
          .filter(e -> e.getValue()[0] > 0)
          .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
          .limit(4)
          .forEach(e -> scans.append(String.format(Locale.ROOT, "%s%s %,d seq scans reading "
                  + "%,d rows", scans.length() == 0 ? "" : ", ", e.getKey(), e.getValue()[0],
              e.getValue()[1])));
      return String.format(Locale.ROOT, "%,d transactions (%.1f per object), rows inserted "
              + "%,d, updated %,d, deleted %,d, returned %,d (%.0f per object); sequential "
              + "scans: %s", commits, commits / (double) Math.max(1, objects), rowsInserted,
          rowsUpdated, rowsDeleted, rowsReturned, rowsReturned / (double) Math.max(1, objects),
          scans.length() == 0 ? "none" : scans);
    }
  }

  /**
   * The database's counters. PostgreSQL flushes them from each backend at most about every
   * 0.5 s, so take the second reading a moment after the work. With SCIMSYNC_TEST_DB_URL (a
   * schema on a shared server) the database counters include other schemas' work.
   */
  static DbStats dbStats(javax.sql.DataSource dataSource) {
    try (java.sql.Connection c = dataSource.getConnection();
         java.sql.Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      long[] db = new long[5];
      try (java.sql.ResultSet r = s.executeQuery("SELECT xact_commit, tup_returned, tup_inserted, "
          + "tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()")) {
        if (!r.next()) {
          throw new IllegalStateException("no pg_stat_database row");
        }
        for (int i = 0; i < db.length; i++) {
          db[i] = r.getLong(i + 1);
        }
      }
      Map<String, long[]> tables = new HashMap<>();
      try (java.sql.ResultSet r = s.executeQuery("SELECT relname, seq_scan, seq_tup_read, "
          + "coalesce(idx_scan, 0), coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables "
          + "WHERE schemaname = current_schema()")) {
        while (r.next()) {
          tables.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3), r.getLong(4),
              r.getLong(5)});
        }
      }
      return new DbStats(db[0], db[1], db[2], db[3], db[4], tables);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("pg_stat_database: " + e.getMessage(), e);
    }
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  static long sum(Map<String, Long> counters) {
    return counters.values().stream().mapToLong(Long::longValue).sum();
  }
}
