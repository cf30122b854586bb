package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.SYNC_OUTCOME;
import static io.scimsync.adapters.persistence.jooq.Tables.SYNC_RUN;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.port.RunCounts;
import io.scimsync.domain.port.RunKind;
import io.scimsync.domain.port.SyncLog;
import io.scimsync.domain.port.SyncLogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@link SyncLogContract} against PostgreSQL, plus what only the table shows. */
class JooqSyncLogTest extends SyncLogContract {
  private static TestDatabase db;
  private JooqSyncLog log;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Override
  protected SyncLog newLog() {
    db.dsl().truncate(SYNC_RUN, SYNC_OUTCOME).execute();
    log = new JooqSyncLog(db.dsl());
    return log;
  }

  @Test
  void storesCountsAsAJsonObjectWithNamedFields() {
    long id = log.runStarted(OKTA, RunKind.RECONCILE, T0);
    log.runFinished(id, new RunCounts(1, 2, 3, 4, 5, 6), T0.plusSeconds(1));

    String counts = db.dsl().select(SYNC_RUN.COUNTS).from(SYNC_RUN).where(SYNC_RUN.ID.eq(id))
        .fetchSingle(SYNC_RUN.COUNTS).data();

    assertThat(counts).contains("\"created\": 1", "\"adopted\": 6");
  }

  @Test
  void pruneKeepsTheHigherIdOfRunsStartedAtTheSameInstant() {
    log.runStarted(OKTA, RunKind.RECONCILE, T0);
    long second = log.runStarted(OKTA, RunKind.RECONCILE, T0);

    assertThat(log.prune(T0.plusSeconds(60))).isEqualTo(1);

    assertThat(log.recentRuns(OKTA, 10)).extracting(r -> r.id()).containsExactly(second);
  }
}
