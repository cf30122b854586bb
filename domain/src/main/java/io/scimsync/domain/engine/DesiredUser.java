package io.scimsync.domain.engine;

import io.scimsync.domain.model.ScimUser;
import java.util.Objects;

/**
 * A user as it should be on the target: the local id it is linked by and the mapped SCIM payload.
 * An {@code id} in the payload is ignored: the target assigns ids, and the engine writes the
 * linked remote id itself.
 */
public record DesiredUser(String localId, ScimUser payload) {
  public DesiredUser {
    if (localId == null || localId.isBlank()) {
      throw new IllegalArgumentException("localId must not be blank");
    }
    Objects.requireNonNull(payload, "payload");
  }

  /** "user 'alice' (local id u1)", for messages. */
  public String describe() {
    return "user '" + payload.userName() + "' (local id " + localId + ")";
  }
}
