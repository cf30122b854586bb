package io.scimsync.adapters.persistence;

import io.scimsync.domain.port.SyncStateStoreContract;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqSyncStateStoreTest extends SyncStateStoreContract {
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
  protected Stores newStores() {
    dsl.execute("TRUNCATE change_feed, connection, directory_membership, directory_user, "
        + "directory_group, sync_outcome, sync_run, provider");
    for (String provider : new String[] {OKTA, SLACK}) {
      dsl.execute("INSERT INTO provider (name, base_url, auth_type, created_at, updated_at) "
          + "VALUES (?, 'https://example.com/scim/v2', 'none', now(), now())", provider);
    }
    return new Stores(new JooqDirectoryStore(dsl), new JooqConnectionStore(dsl),
        new JooqChangeFeed(dsl), new JooqSyncLog(dsl), new JooqSyncStateStore(dsl));
  }
}
