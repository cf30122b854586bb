package io.scimsync.adapters.persistence;

import static io.scimsync.adapters.persistence.jooq.Tables.DIRECTORY_USER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationsTest {
  @Test
  void migratesAFreshDatabase_andOrdersIdsByCodePoint() {
    try (TestDatabase db = TestDatabase.create()) {
      var dsl = db.dsl();
      for (String id : new String[] {"b", "B", "a", "é", "Z"}) {
        dsl.insertInto(DIRECTORY_USER).set(DIRECTORY_USER.ID, id).set(DIRECTORY_USER.USER_NAME, id)
            .set(DIRECTORY_USER.ACTIVE, true)
            .set(DIRECTORY_USER.UPDATED_AT, java.time.OffsetDateTime.now()).execute();
      }
      assertThat(dsl.select(DIRECTORY_USER.ID).from(DIRECTORY_USER).orderBy(DIRECTORY_USER.ID).fetch(DIRECTORY_USER.ID))
          .containsExactly("B", "Z", "a", "b", "é");
    }
  }
}
