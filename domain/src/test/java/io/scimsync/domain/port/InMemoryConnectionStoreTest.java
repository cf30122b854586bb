package io.scimsync.domain.port;

class InMemoryConnectionStoreTest extends ConnectionStoreContract {
  @Override
  protected ConnectionStore newStore() {
    return new InMemoryConnectionStore();
  }
}
