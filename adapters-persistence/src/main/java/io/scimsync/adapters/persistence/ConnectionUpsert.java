package io.scimsync.adapters.persistence;

import io.scimsync.domain.port.Connection;
import java.util.Collection;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Saves many connections in one statement of one text, whatever their number: each column goes
 * as one array and {@code unnest} makes the rows. A multi-row {@code VALUES} of jOOQ's took most
 * of a commit's CPU to render (about 14 bind values a row), and every batch size was a new text
 * for the server to parse and plan; this one is prepared once per pooled connection.
 */
final class ConnectionUpsert {
  private static final String SQL = "insert into connection (provider, kind, local_id, "
      + "remote_id, written_attributes, written_member_ids, etag, status, attempts, "
      + "next_attempt_at, last_error, last_error_status, updated_at, remote_seen) "
      + "select u.provider, u.kind, u.local_id, u.remote_id, u.written_attributes::jsonb, "
      + "u.written_member_ids::jsonb, u.etag, u.status, u.attempts, u.next_attempt_at, "
      + "u.last_error, u.last_error_status, u.updated_at, null "
      + "from unnest({0}::varchar[], {1}::varchar[], {2}::varchar[], {3}::varchar[], "
      + "{4}::text[], {5}::text[], {6}::varchar[], {7}::varchar[], {8}::integer[], "
      + "{9}::timestamptz[], {10}::varchar[], {11}::integer[], {12}::timestamptz[]) "
      + "as u(provider, kind, local_id, remote_id, written_attributes, written_member_ids, "
      + "etag, status, attempts, next_attempt_at, last_error, last_error_status, updated_at) "
      + "on conflict (provider, kind, local_id) do update set remote_id = excluded.remote_id, "
      + "written_attributes = excluded.written_attributes, "
      + "written_member_ids = excluded.written_member_ids, etag = excluded.etag, "
      + "status = excluded.status, attempts = excluded.attempts, "
      + "next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error, "
      + "last_error_status = excluded.last_error_status, updated_at = excluded.updated_at, "
      // a write supersedes what a listing showed before it
      + "remote_seen = null";

  private ConnectionUpsert() {}

  /** Inserts or replaces {@code saves}; no two may have the same key. */
  static void write(DSLContext trx, Collection<Connection> saves) {
    int n = saves.size();
    String[] provider = new String[n];
    String[] kind = new String[n];
    String[] localId = new String[n];
    String[] remoteId = new String[n];
    String[] attributes = new String[n];
    String[] memberIds = new String[n];
    String[] etag = new String[n];
    String[] status = new String[n];
    Integer[] attempts = new Integer[n];
    String[] nextAttemptAt = new String[n];
    String[] lastError = new String[n];
    Integer[] lastErrorStatus = new Integer[n];
    String[] updatedAt = new String[n];
    int i = 0;
    for (Connection c : saves) {
      provider[i] = c.provider();
      kind[i] = c.object().kind().name();
      localId[i] = c.object().localId();
      remoteId[i] = c.remoteId().orElse(null);
      attributes[i] = Columns.write(c.writtenAttributes()).data();
      // sorted, so equal sets are equal JSON
      memberIds[i] = c.writtenMemberIds().map(ids -> Columns.write(new TreeSet<>(ids)).data())
          .orElse(null);
      etag[i] = c.etag().orElse(null);
      status[i] = c.status().name();
      attempts[i] = c.attempts();
      nextAttemptAt[i] = c.nextAttemptAt().map(t -> Columns.timestamp(t).toString())
          .orElse(null);
      lastError[i] = c.lastError().orElse(null);
      lastErrorStatus[i] = c.lastErrorStatus().isPresent() ? c.lastErrorStatus().getAsInt()
          : null;
      updatedAt[i] = Columns.timestamp(c.updatedAt()).toString();
      i++;
    }
    trx.execute(SQL, DSL.val(provider), DSL.val(kind), DSL.val(localId), DSL.val(remoteId),
        DSL.val(attributes), DSL.val(memberIds), DSL.val(etag), DSL.val(status),
        DSL.val(attempts), DSL.val(nextAttemptAt), DSL.val(lastError), DSL.val(lastErrorStatus),
        DSL.val(updatedAt));
  }
}
