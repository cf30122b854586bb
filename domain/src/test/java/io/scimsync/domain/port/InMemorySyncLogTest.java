package io.scimsync.domain.port;

class InMemorySyncLogTest extends SyncLogContract {
  @Override
  protected SyncLog newLog() {
    return new InMemorySyncLog();
  }
}
