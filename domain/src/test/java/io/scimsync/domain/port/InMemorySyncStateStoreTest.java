package io.scimsync.domain.port;

import java.util.List;

class InMemorySyncStateStoreTest extends SyncStateStoreContract {
  @Override
  protected Stores newStores() {
    InMemoryChangeFeed feed = new InMemoryChangeFeed();
    InMemoryDirectoryStore directory = new InMemoryDirectoryStore(feed, List.of(OKTA, SLACK));
    InMemoryConnectionStore connections = new InMemoryConnectionStore();
    InMemorySyncLog log = new InMemorySyncLog();
    return new Stores(directory, connections, feed, log,
        new InMemorySyncStateStore(directory, connections, feed, log));
  }
}
