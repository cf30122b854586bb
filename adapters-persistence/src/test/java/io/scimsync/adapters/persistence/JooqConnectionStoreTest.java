package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.port.Connection;
import io.scimsync.domain.port.ConnectionStore;
import io.scimsync.domain.port.ConnectionStoreContract;
import io.scimsync.domain.port.ObjectRef;
import io.scimsync.domain.port.SyncStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@link ConnectionStoreContract} against PostgreSQL, plus what only the table shows. */
class JooqConnectionStoreTest extends ConnectionStoreContract {
  private static TestDatabase db;
  private JooqConnectionStore store;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Override
  protected ConnectionStore newStore() {
    db.dsl().truncate(CONNECTION).execute();
    store = new JooqConnectionStore(db.dsl());
    return store;
  }

  @Test
  void storesAbsentMemberIdsAsSqlNull_andPresentOnesAsAJsonArray() {
    store.save(Connection.pending(OKTA, ObjectRef.group("unknown"), T0));
    store.save(withMembers(ObjectRef.group("known"), Set.of("r-b", "r-a")));

    assertThat(memberIdsColumn("unknown")).isNull();
    assertThat(memberIdsColumn("known").data()).isEqualTo("[\"r-a\", \"r-b\"]");
    assertThat(store.find(OKTA, ObjectRef.group("known")).orElseThrow().writtenMemberIds())
        .contains(Set.of("r-a", "r-b"));
  }

  @Test
  void readsIntegralNumbersBackAsLong() {
    Connection saved = new Connection(OKTA, ObjectRef.user("alice"), Optional.empty(),
        Map.of("count", 7L, "ratio", 0.5, "nested", Map.of("big", 12345678901L)),
        Optional.empty(), Optional.empty(), SyncStatus.SYNCED, 0, Optional.empty(),
        Optional.empty(), OptionalInt.empty(), T0);
    store.save(saved);

    Map<String, Object> read = store.find(OKTA, ObjectRef.user("alice")).orElseThrow()
        .writtenAttributes();

    assertThat(read.get("count")).isEqualTo(7L);
    assertThat(read.get("ratio")).isEqualTo(0.5);
    assertThat(read).isEqualTo(saved.writtenAttributes());
  }

  @Test
  void truncatesInstantsToMicroseconds() {
    Instant precise = Instant.parse("2025-03-01T10:00:00.123456789Z");
    store.save(Connection.pending(OKTA, ObjectRef.user("alice"), precise));

    assertThat(store.find(OKTA, ObjectRef.user("alice")).orElseThrow().updatedAt())
        .isEqualTo(Instant.parse("2025-03-01T10:00:00.123456Z"));
  }

  private Connection withMembers(ObjectRef group, Set<String> members) {
    return new Connection(OKTA, group, Optional.of("r-" + group.localId()), Map.of(),
        Optional.of(members), Optional.empty(), SyncStatus.SYNCED, 0, Optional.empty(),
        Optional.empty(), OptionalInt.empty(), T0);
  }

  private static JSONB memberIdsColumn(String groupId) {
    return db.dsl().select(CONNECTION.WRITTEN_MEMBER_IDS).from(CONNECTION)
        .where(CONNECTION.LOCAL_ID.eq(groupId))
        .fetchSingle(CONNECTION.WRITTEN_MEMBER_IDS);
  }
}
