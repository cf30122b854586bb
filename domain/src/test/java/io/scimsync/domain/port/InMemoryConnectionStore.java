package io.scimsync.domain.port;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The reference {@link ConnectionStore}: per provider and kind, connections sorted by local id
 * and an index from remote id to local id. Thread-safe; every method holds the store's lock.
 */
public final class InMemoryConnectionStore implements ConnectionStore {
  private static final Comparator<Connection> NEWEST_UPDATE_FIRST =
      Comparator.comparing(Connection::updatedAt).reversed()
          .thenComparing(c -> c.object().kind())
          .thenComparing(c -> c.object().localId(), ObjectRef.ID_ORDER);

  private final Map<String, Map<ObjectKind, Links>> providers = new HashMap<>();

  private static final class Links {
    final TreeMap<String, Connection> byLocalId = new TreeMap<>(ObjectRef.ID_ORDER);
    final Map<String, String> localIdByRemoteId = new HashMap<>();
    final Map<String, Map<String, Object>> seenByLocalId = new HashMap<>();
  }

  @Override
  public synchronized Optional<Connection> find(String provider, ObjectRef object) {
    return existing(provider, object.kind())
        .map(links -> links.byLocalId.get(object.localId()));
  }

  @Override
  public synchronized Optional<Connection> findByRemoteId(String provider, ObjectKind kind,
                                                          String remoteId) {
    return existing(provider, kind).flatMap(links ->
        Optional.ofNullable(links.localIdByRemoteId.get(remoteId)).map(links.byLocalId::get));
  }

  @Override
  public synchronized void save(Connection connection) {
    ObjectRef object = connection.object();
    Links links = providers
        .computeIfAbsent(connection.provider(), p -> new EnumMap<>(ObjectKind.class))
        .computeIfAbsent(object.kind(), k -> new Links());
    connection.remoteId().ifPresent(remoteId -> {
      String holder = links.localIdByRemoteId.get(remoteId);
      if (holder != null && !holder.equals(object.localId())) {
        throw new RemoteIdTakenException(connection.provider(), object.kind(), remoteId, holder,
            object.localId());
      }
    });
    links.seenByLocalId.remove(object.localId());
    Connection previous = links.byLocalId.put(object.localId(), connection);
    if (previous != null) {
      previous.remoteId().ifPresent(links.localIdByRemoteId::remove);
    }
    connection.remoteId()
        .ifPresent(remoteId -> links.localIdByRemoteId.put(remoteId, object.localId()));
  }

  @Override
  public synchronized boolean remove(String provider, ObjectRef object) {
    Optional<Links> links = existing(provider, object.kind());
    if (links.isEmpty()) {
      return false;
    }
    Connection removed = links.get().byLocalId.remove(object.localId());
    if (removed == null) {
      return false;
    }
    removed.remoteId().ifPresent(links.get().localIdByRemoteId::remove);
    links.get().seenByLocalId.remove(object.localId());
    return true;
  }

  @Override
  public synchronized void saveSeen(String provider, ObjectKind kind,
                                    Map<String, Map<String, Object>> byRemoteId) {
    existing(provider, kind).ifPresent(links -> byRemoteId.forEach((remoteId, seen) -> {
      String localId = links.localIdByRemoteId.get(remoteId);
      if (localId != null) {
        links.seenByLocalId.put(localId, io.scimsync.domain.model.JsonValues.copyObject(seen,
            "seen"));
      }
    }));
  }

  @Override
  public synchronized void clearSeen(String provider) {
    providers.getOrDefault(provider, Map.of()).values()
        .forEach(links -> links.seenByLocalId.clear());
  }

  @Override
  public synchronized Optional<Map<String, Object>> seen(String provider, ObjectRef object) {
    return existing(provider, object.kind())
        .map(links -> links.seenByLocalId.get(object.localId()));
  }

  @Override
  public synchronized List<Connection> list(String provider, ObjectKind kind,
                                            Optional<String> afterLocalId, int limit) {
    requirePositive(limit);
    Optional<Links> links = existing(provider, kind);
    if (links.isEmpty()) {
      return List.of();
    }
    TreeMap<String, Connection> all = links.get().byLocalId;
    SortedMap<String, Connection> rest =
        afterLocalId.isPresent() ? all.tailMap(afterLocalId.get(), false) : all;
    List<Connection> page = new ArrayList<>();
    for (Connection connection : rest.values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(connection);
    }
    return List.copyOf(page);
  }

  @Override
  public synchronized Map<SyncStatus, Long> countByStatus(String provider) {
    return count(provider, null);
  }

  @Override
  public synchronized Map<SyncStatus, Long> countByStatus(String provider, ObjectKind kind) {
    return count(provider, java.util.Objects.requireNonNull(kind, "kind"));
  }

  private Map<SyncStatus, Long> count(String provider, ObjectKind kindOrNull) {
    Map<SyncStatus, Long> counts = new EnumMap<>(SyncStatus.class);
    for (SyncStatus status : SyncStatus.values()) {
      counts.put(status, 0L);
    }
    for (Links links : providers.getOrDefault(provider, Map.of()).values()) {
      for (Connection connection : links.byLocalId.values()) {
        if (kindOrNull == null || connection.object().kind() == kindOrNull) {
          counts.merge(connection.status(), 1L, Long::sum);
        }
      }
    }
    return Map.copyOf(counts);
  }

  @Override
  public synchronized List<Connection> failed(String provider, int limit) {
    requirePositive(limit);
    return providers.getOrDefault(provider, Map.of()).values().stream()
        .flatMap(links -> links.byLocalId.values().stream())
        .filter(c -> c.status() == SyncStatus.FAILED)
        .sorted(NEWEST_UPDATE_FIRST)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized int removeProvider(String provider) {
    Map<ObjectKind, Links> removed = providers.remove(provider);
    return removed == null ? 0
        : removed.values().stream().mapToInt(links -> links.byLocalId.size()).sum();
  }

  private Optional<Links> existing(String provider, ObjectKind kind) {
    Objects.requireNonNull(kind, "kind");
    return Optional.ofNullable(providers.get(provider)).map(byKind -> byKind.get(kind));
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }
}
