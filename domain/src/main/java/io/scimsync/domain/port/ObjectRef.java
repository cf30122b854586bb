package io.scimsync.domain.port;

import java.util.Comparator;
import java.util.Objects;

/** A local directory object, by kind and the caller's own id, as the sync state refers to it. */
public record ObjectRef(ObjectKind kind, String localId) {

  /**
   * The order of local ids in every keyset page: Unicode code point order, which equals the byte
   * order of UTF-8 ({@code COLLATE "C"} in PostgreSQL). {@link String#compareTo} differs from it
   * for characters above U+FFFF, and a locale collation differs for punctuation and case, so
   * implementations that page by id use exactly this order.
   */
  public static final Comparator<String> ID_ORDER = ObjectRef::compareCodePoints;

  public ObjectRef {
    Objects.requireNonNull(kind, "kind");
    if (localId == null || localId.isBlank()) {
      throw new IllegalArgumentException("localId must not be blank");
    }
  }

  /** The local user with this id. */
  public static ObjectRef user(String localId) {
    return new ObjectRef(ObjectKind.USER, localId);
  }

  /** The local group with this id. */
  public static ObjectRef group(String localId) {
    return new ObjectRef(ObjectKind.GROUP, localId);
  }

  /** "user 'alice'", for messages and logs. */
  public String describe() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + localId + "'";
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(i);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
    }
    return Integer.compare(a.length() - i, b.length() - i);
  }
}
