package io.scimsync.domain.sync;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.SyncFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a lookup by exact name found. {@link Unknown} never turns into a create. */
public sealed interface LookupResult {
  /** Exactly one remote object has the name. */
  record Found(String remoteId) implements LookupResult {
    public Found {
      Objects.requireNonNull(remoteId, "remoteId");
    }
  }

  /** The target answered, and no remote object has the name. */
  record Absent() implements LookupResult {}

  /** Several remote objects have the name: none is adopted. */
  record Ambiguous(List<String> remoteIds) implements LookupResult {
    public Ambiguous {
      remoteIds = List.copyOf(remoteIds);
    }
  }

  /** The lookup failed (no answer, an error, not a list): whether the object exists is unknown. */
  record Unknown(SyncFailure failure) implements LookupResult {
    public Unknown {
      Objects.requireNonNull(failure, "failure");
    }
  }

  /**
   * Reads a filtered list reply: the resources whose {@code attribute} equals {@code value}
   * exactly. The filter only narrowed the search (SCIM may compare case-insensitively).
   */
  static LookupResult of(ScimReply reply, String attribute, String value, String context) {
    if (!(reply instanceof ScimReply.Received received) || received.status() / 100 != 2) {
      return new Unknown(SyncFailure.of(reply, context));
    }
    Object resources = received.object().map(body -> body.get("Resources")).orElse(null);
    if (resources == null && received.object().isPresent()
        && received.object().get().containsKey("totalResults")) {
      return new Absent();
    }
    if (!(resources instanceof List<?> list)) {
      return new Unknown(new SyncFailure(SyncFailure.Kind.TRANSIENT, context
          + ": the reply is not a SCIM list response", java.util.OptionalInt.of(received.status()),
          java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()));
    }
    List<String> ids = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> resource && value.equals(resource.get(attribute))
          && resource.get("id") instanceof String id && ScimRequest.usableId(id)) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      return new Absent();
    }
    return ids.size() == 1 ? new Found(ids.get(0)) : new Ambiguous(ids);
  }
}
