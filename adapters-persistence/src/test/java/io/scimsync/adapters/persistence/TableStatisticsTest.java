package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The statistics refresh against PostgreSQL's own counters and catalogue. */
class TableStatisticsTest {
  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void analysesATableOnceEnoughOfItChangedAndThenLeavesItAlone() {
    DSLContext dsl = db.dsl();
    TableStatistics statistics = new TableStatistics(dsl);
    // what autovacuum would leave for a minute: a table grown from nothing, never analysed
    dsl.query("alter table connection set (autovacuum_enabled = false)").execute();
    statistics.refresh();
    insertConnections(dsl, "new-provider", 3_000);

    // the server publishes its change counters a moment after the transaction ends
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> analysed = statistics.refresh();
    while (!analysed.contains("connection")) {
      assertThat(System.nanoTime()).as("connection analysed after 3,000 inserts")
          .isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      analysed = statistics.refresh();
    }

    assertThat(rowsEstimated(dsl)).isEqualTo(3_000);
    assertThat(statistics.refresh()).doesNotContain("connection");
  }

  @Test
  void aFewChangesToALargeTableWaitForMore() {
    DSLContext dsl = db.dsl();
    TableStatistics statistics = new TableStatistics(dsl);
    dsl.query("alter table directory_group set (autovacuum_enabled = false)").execute();
    dsl.query("insert into directory_group (id, name, updated_at) "
        + "select 'g' || i, 'group' || i, now() from generate_series(1, 20000) i").execute();
    awaitChanges(dsl, "directory_group", n -> n >= 20_000, "the 20,000 inserts counted");
    dsl.query("analyze directory_group").execute();
    awaitChanges(dsl, "directory_group", n -> n == 0, "the analysis published");
    // below 500 + 5% of 20,000 (1,500): not worth an analysis
    dsl.query("update directory_group set name = name || 'x' where id in "
        + "(select 'g' || i from generate_series(1, 1000) i)").execute();
    awaitChanges(dsl, "directory_group", n -> n >= 1_000, "the 1,000 updates counted");

    assertThat(statistics.refresh()).doesNotContain("directory_group");
  }

  private static void insertConnections(DSLContext dsl, String provider, int count) {
    var insert = dsl.insertInto(CONNECTION, CONNECTION.PROVIDER, CONNECTION.KIND,
        CONNECTION.LOCAL_ID, CONNECTION.REMOTE_ID, CONNECTION.STATUS, CONNECTION.UPDATED_AT);
    for (int i = 0; i < count; i++) {
      insert = insert.values(provider, "USER", "u" + i, "r" + i, "SYNCED", OffsetDateTime.now());
    }
    insert.execute();
  }

  private static void awaitChanges(DSLContext dsl, String table, LongPredicate until,
      String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!until.test(changesSinceAnalysis(dsl, table))) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static long changesSinceAnalysis(DSLContext dsl, String table) {
    Object n = dsl.fetchValue("select n_mod_since_analyze from pg_stat_user_tables "
        + "where schemaname = current_schema() and relname = ?", table);
    return n == null ? 0 : ((Number) n).longValue();
  }

  private static long rowsEstimated(DSLContext dsl) {
    return ((Number) dsl.fetchValue("select reltuples from pg_class "
        + "where oid = 'connection'::regclass")).longValue();
  }
}
