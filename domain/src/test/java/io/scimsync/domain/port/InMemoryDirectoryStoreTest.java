package io.scimsync.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.directory.LocalUser;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryDirectoryStoreTest extends DirectoryStoreContract {
  @Override
  protected DirectoryUnderTest newDirectory(Set<String> providers) {
    InMemoryChangeFeed feed = new InMemoryChangeFeed();
    return new DirectoryUnderTest(new InMemoryDirectoryStore(feed, providers), feed);
  }

  @Test
  void marksForTheProvidersConfiguredAtTheTimeOfEachWrite() {
    Set<String> providers = new HashSet<>();
    InMemoryChangeFeed feed = new InMemoryChangeFeed();
    InMemoryDirectoryStore directory =
        new InMemoryDirectoryStore(feed, () -> Set.copyOf(providers));

    directory.putUser(LocalUser.of("alice", "alice"));
    providers.add(OKTA);
    directory.putUser(LocalUser.of("bob", "bob"));

    assertThat(feed.pending(OKTA)).isEqualTo(1);
  }
}
