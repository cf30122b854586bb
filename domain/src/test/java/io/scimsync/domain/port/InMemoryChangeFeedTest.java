package io.scimsync.domain.port;

class InMemoryChangeFeedTest extends ChangeFeedContract {
  @Override
  protected ChangeFeed newFeed() {
    return new InMemoryChangeFeed();
  }
}
