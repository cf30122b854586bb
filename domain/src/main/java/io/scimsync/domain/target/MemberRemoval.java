package io.scimsync.domain.target;

/** How a PATCH removes members (RFC 7644 §3.5.2.2). */
public enum MemberRemoval {
  /** One {@code remove} op per member with path {@code members[value eq "id"]}: the RFC form. */
  FILTER_PATH,
  /** One {@code remove} op on path {@code members} with a value array: the older form. */
  VALUE_ARRAY
}
