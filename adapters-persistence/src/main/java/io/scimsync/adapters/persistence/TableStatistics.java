package io.scimsync.adapters.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.impl.DSL;

/**
 * Keeps the planner's statistics of the tables a sync rewrites as fast as it reads them.
 *
 * <p>Why the daemon does this itself: autovacuum looks at a table at most once a minute and
 * re-analyses it after 10% of its rows changed. An initial sync grows {@code connection} from
 * nothing to every object in less than that, and a provider added next to others is not in the
 * statistics at all (its rows are estimated at one). On such an estimate PostgreSQL looks up a
 * connection by provider and kind and filters the local id, reading every row of the provider for
 * each object, and the sync slows down with each object it writes (measured: a 10,000-user sync
 * spent most of its database time so, 25-150 ms a statement). A table is analysed here once
 * {@value #MIN_CHANGES} rows plus {@value #CHANGED_FRACTION} of its size changed since the last
 * analysis; ANALYZE samples a bounded number of rows, so each costs milliseconds.
 */
public final class TableStatistics {
  static final long MIN_CHANGES = 500;
  static final double CHANGED_FRACTION = 0.05;
  /** The tables a sync or an import rewrites; the others change at the speed of an operator. */
  static final List<String> TABLES = List.of("connection", "change_feed", "directory_user",
      "directory_group", "directory_membership");

  private final DSLContext dsl;
  /**
   * The tables this analysed, with the time of their previous analysis: their change counters
   * reach the statistics views a moment later than the analysis (before PostgreSQL 15 by
   * message), and until they do, a table is not analysed again.
   */
  private final Map<String, Optional<OffsetDateTime>> published = new HashMap<>();

  public TableStatistics(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Analyses the tables whose rows changed enough since their last analysis (by anyone: this
   * daemon, another one on the same database, an import); returns their names. Blocks for the
   * analyses, so call it from the database executor, one call at a time.
   */
  public synchronized List<String> refresh() {
    List<String> stale = new ArrayList<>();
    Map<String, Optional<OffsetDateTime>> lastAnalysed = new HashMap<>();
    for (Record4<String, Long, Float, OffsetDateTime> r : dsl.resultQuery(
            "select s.relname, s.n_mod_since_analyze, c.reltuples, "
                + "greatest(s.last_analyze, s.last_autoanalyze) as analysed "
                + "from pg_stat_user_tables s join pg_class c on c.oid = s.relid "
                + "where s.schemaname = current_schema() and s.relname = any({0}) "
                // only the owner may analyse (others get a warning and nothing changes)
                + "and pg_has_role(c.relowner, 'USAGE')",
            DSL.val(TABLES.toArray(String[]::new)))
        .coerce(DSL.field("relname", String.class), DSL.field("n_mod_since_analyze", Long.class),
            DSL.field("reltuples", Float.class), DSL.field("analysed", OffsetDateTime.class))) {
      String table = r.value1();
      Optional<OffsetDateTime> analysed = Optional.ofNullable(r.value4());
      Optional<OffsetDateTime> before = published.get(table);
      if (before != null && before.equals(analysed)) {
        continue;
      }
      published.remove(table);
      // reltuples is -1 for a table never analysed or vacuumed
      double rows = Math.max(0, r.value3() == null ? 0 : r.value3());
      if (r.value2() != null && r.value2() >= MIN_CHANGES + CHANGED_FRACTION * rows) {
        stale.add(table);
        lastAnalysed.put(table, analysed);
      }
    }
    for (String table : stale) {
      dsl.query("analyze {0}", DSL.name(table)).execute();
      published.put(table, lastAnalysed.get(table));
    }
    return stale;
  }
}
