package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Sequences.SYNC_OUTCOME_SEQ;
import static io.scimsync.adapters.persistence.jooq.Sequences.SYNC_RUN_SEQ;
import static io.scimsync.adapters.persistence.jooq.Tables.SYNC_OUTCOME;
import static io.scimsync.adapters.persistence.jooq.Tables.SYNC_RUN;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.scimsync.adapters.persistence.jooq.tables.SyncRun;
import io.scimsync.domain.port.ObjectKind;
import io.scimsync.domain.port.ObjectOutcome;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.Run;
import io.scimsync.domain.port.RunCounts;
import io.scimsync.domain.port.RunKind;
import io.scimsync.domain.port.SyncLog;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * {@link SyncLog} in the tables {@code sync_run} (ids from {@code sync_run_seq}, counts as JSONB
 * once finished) and {@code sync_outcome} (ids from {@code sync_outcome_seq}, which also order
 * outcomes recorded at the same instant). Instants are truncated to microseconds.
 *
 * <p>Every method blocks on JDBC: call it on a dedicated executor (the {@code db-dispatcher}),
 * never on an actor's dispatcher.
 */
public final class JooqSyncLog implements SyncLog {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};

  private final DSLContext dsl;

  /** A log over {@code dsl} (see {@link Migrations#dsl}); the schema must be migrated. */
  public JooqSyncLog(DSLContext dsl) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public long runStarted(String provider, RunKind kind, Instant at) {
    requireText(provider);
    Objects.requireNonNull(kind, "kind");
    return dsl.insertInto(SYNC_RUN)
        .set(SYNC_RUN.ID, SYNC_RUN_SEQ.nextval())
        .set(SYNC_RUN.PROVIDER, provider)
        .set(SYNC_RUN.KIND, kind.name())
        .set(SYNC_RUN.STARTED_AT, Columns.timestamp(at))
        .returningResult(SYNC_RUN.ID)
        .fetchSingle(SYNC_RUN.ID);
  }

  /** {@inheritDoc} One conditional update: finishing twice cannot race. Blocks on JDBC. */
  @Override
  public void runFinished(long runId, RunCounts counts, Instant at) {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(at, "at");
    int updated = dsl.update(SYNC_RUN)
        .set(SYNC_RUN.FINISHED_AT, Columns.timestamp(at))
        .set(SYNC_RUN.COUNTS, write(counts))
        .where(SYNC_RUN.ID.eq(runId))
        .and(SYNC_RUN.FINISHED_AT.isNull())
        .execute();
    if (updated == 0) {
      throw new IllegalArgumentException("no unfinished run " + runId);
    }
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public void record(ObjectOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    dsl.insertInto(SYNC_OUTCOME)
        .set(SYNC_OUTCOME.ID, SYNC_OUTCOME_SEQ.nextval())
        .set(SYNC_OUTCOME.PROVIDER, outcome.provider())
        .set(SYNC_OUTCOME.KIND, outcome.object().kind().name())
        .set(SYNC_OUTCOME.LOCAL_ID, outcome.object().localId())
        .set(SYNC_OUTCOME.OUTCOME, outcome.kind().name())
        .set(SYNC_OUTCOME.DETAIL, outcome.detail())
        .set(SYNC_OUTCOME.AT, Columns.timestamp(outcome.at()))
        .execute();
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public List<Run> recentRuns(String provider, int limit) {
    requirePositive(limit);
    return dsl.select(SYNC_RUN.ID, SYNC_RUN.PROVIDER, SYNC_RUN.KIND, SYNC_RUN.STARTED_AT,
            SYNC_RUN.FINISHED_AT, SYNC_RUN.COUNTS)
        .from(SYNC_RUN)
        .where(SYNC_RUN.PROVIDER.eq(provider))
        .orderBy(SYNC_RUN.STARTED_AT.desc(), SYNC_RUN.ID.desc())
        .limit(limit)
        .fetch(JooqSyncLog::toRun);
  }

  /** {@inheritDoc} Blocks on JDBC. */
  @Override
  public List<ObjectOutcome> recentOutcomes(String provider, int limit) {
    requirePositive(limit);
    return dsl.select(SYNC_OUTCOME.PROVIDER, SYNC_OUTCOME.KIND, SYNC_OUTCOME.LOCAL_ID,
            SYNC_OUTCOME.OUTCOME, SYNC_OUTCOME.DETAIL, SYNC_OUTCOME.AT)
        .from(SYNC_OUTCOME)
        .where(SYNC_OUTCOME.PROVIDER.eq(provider))
        .orderBy(SYNC_OUTCOME.AT.desc(), SYNC_OUTCOME.ID.desc())
        .limit(limit)
        .fetch(JooqSyncLog::toOutcome);
  }

  /**
   * {@inheritDoc} One transaction. A run is kept if it started at or after the cutoff, or if no
   * newer run (later start; same start, higher id) of its provider and kind exists, the order
   * {@link #recentRuns} uses. Blocks on JDBC.
   */
  @Override
  public int prune(Instant olderThan) {
    OffsetDateTime cutoff = Columns.timestamp(Objects.requireNonNull(olderThan, "olderThan"));
    return dsl.transactionResult(trx -> {
      int outcomes = trx.dsl().deleteFrom(SYNC_OUTCOME)
          .where(SYNC_OUTCOME.AT.lt(cutoff))
          .execute();
      SyncRun newer = SYNC_RUN.as("newer");
      int runs = trx.dsl().deleteFrom(SYNC_RUN)
          .where(SYNC_RUN.STARTED_AT.lt(cutoff))
          .andExists(DSL.selectOne().from(newer)
              .where(newer.PROVIDER.eq(SYNC_RUN.PROVIDER))
              .and(newer.KIND.eq(SYNC_RUN.KIND))
              .and(DSL.row(newer.STARTED_AT, newer.ID)
                  .gt(DSL.row(SYNC_RUN.STARTED_AT, SYNC_RUN.ID))))
          .execute();
      return outcomes + runs;
    });
  }

  private static Run toRun(Record r) {
    Optional<OffsetDateTime> finishedAt = Optional.ofNullable(r.get(SYNC_RUN.FINISHED_AT));
    Optional<JSONB> counts = Optional.ofNullable(r.get(SYNC_RUN.COUNTS));
    return new Run(r.get(SYNC_RUN.ID), r.get(SYNC_RUN.PROVIDER),
        RunKind.valueOf(r.get(SYNC_RUN.KIND)), r.get(SYNC_RUN.STARTED_AT).toInstant(),
        finishedAt.map(OffsetDateTime::toInstant), counts.map(JooqSyncLog::readCounts));
  }

  private static ObjectOutcome toOutcome(Record r) {
    return new ObjectOutcome(r.get(SYNC_OUTCOME.PROVIDER),
        new ObjectRef(ObjectKind.valueOf(r.get(SYNC_OUTCOME.KIND)), r.get(SYNC_OUTCOME.LOCAL_ID)),
        OutcomeKind.valueOf(r.get(SYNC_OUTCOME.OUTCOME)), r.get(SYNC_OUTCOME.DETAIL),
        r.get(SYNC_OUTCOME.AT).toInstant());
  }

  private static JSONB write(RunCounts counts) {
    Map<String, Integer> json = new LinkedHashMap<>();
    json.put("created", counts.created());
    json.put("updated", counts.updated());
    json.put("deleted", counts.deleted());
    json.put("unchanged", counts.unchanged());
    json.put("failed", counts.failed());
    json.put("adopted", counts.adopted());
    try {
      return JSONB.valueOf(JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run counts as JSON", e);
    }
  }

  private static RunCounts readCounts(JSONB json) {
    Map<String, Integer> counts;
    try {
      counts = JSON.readValue(json.data(), COUNTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable counts in table sync_run: "
          + e.getOriginalMessage(), e);
    }
    // a count missing from an older row reads as zero
    return new RunCounts(counts.getOrDefault("created", 0), counts.getOrDefault("updated", 0),
        counts.getOrDefault("deleted", 0), counts.getOrDefault("unchanged", 0),
        counts.getOrDefault("failed", 0), counts.getOrDefault("adopted", 0));
  }

  private static void requireText(String provider) {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }
}
