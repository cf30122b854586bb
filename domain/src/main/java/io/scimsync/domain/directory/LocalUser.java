package io.scimsync.domain.directory;

import io.scimsync.domain.model.JsonValues;
import java.util.Map;
import java.util.Optional;

/**
 * A user of the local directory. {@code id} is the caller's own identifier (any non-blank
 * string). {@code attributes} are extra SCIM attributes merged into the mapped payload: top-level
 * attribute names, or extension schema URNs holding an object; nested deeper than
 * {@link io.scimsync.domain.model.JsonDepth#LIMIT} levels they are refused with a
 * {@link io.scimsync.domain.model.TooDeepException} (path from {@code attributes}).
 */
public record LocalUser(String id, String userName, Optional<String> displayName,
                        Optional<String> givenName, Optional<String> familyName,
                        Optional<String> email, boolean active, Map<String, Object> attributes) {
  public LocalUser {
    requireText(id, "id");
    requireText(userName, "userName");
    displayName = displayName.filter(s -> !s.isBlank());
    givenName = givenName.filter(s -> !s.isBlank());
    familyName = familyName.filter(s -> !s.isBlank());
    email = email.filter(s -> !s.isBlank());
    attributes = JsonValues.copyObject(attributes, "attributes");
  }

  /** An active user with only a user name. */
  public static LocalUser of(String id, String userName) {
    return new LocalUser(id, userName, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), true, Map.of());
  }

  static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
