package io.scimsync.testkit.store;

import static io.scimsync.testkit.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.testkit.store.ResourceStore.Kind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ResourceStoreConcurrencyTest {
  @Test
  void concurrentCreates_getUniqueIds_andAllAreStored() {
    ResourceStore store = new ResourceStore(StoreOptions.rfc(), Clock.systemUTC());
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(CompletableFuture.supplyAsync(() -> {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            String id = store.create(Kind.USERS, user("user-" + thread + "-" + i)).path("id").asText();
            // reads interleaved with writes must see complete resources
            assertThat(store.get(Kind.USERS, id).path("userName").asText()).startsWith("user-");
            ids.add(id);
          }
          return ids;
        }, pool));
      }
      Set<String> ids = new HashSet<>();
      futures.forEach(f -> ids.addAll(f.join()));

      assertThat(ids).hasSize(threads * perThread);
      assertThat(store.size(Kind.USERS)).isEqualTo(threads * perThread);
      assertThat(store.list(Kind.USERS, ListQuery.all()).totalResults()).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }
}
