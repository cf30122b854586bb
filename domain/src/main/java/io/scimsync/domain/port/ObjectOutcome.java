package io.scimsync.domain.port;

import java.time.Instant;
import java.util.Objects;

/**
 * What happened when one object was synced to one provider.
 *
 * @param detail a short human text: the requests sent ({@code "PATCH /Groups/abc"}), or the error
 *               with the target's SCIM detail; never credentials or whole bodies. May be empty.
 */
public record ObjectOutcome(String provider, ObjectRef object, OutcomeKind kind, String detail,
                            Instant at) {
  public ObjectOutcome {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(at, "at");
  }
}
