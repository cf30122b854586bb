package io.scimsync.domain.port;

/** The two kinds of directory object the sync writes: SCIM {@code User} and {@code Group}. */
public enum ObjectKind {
  /** A user, written to {@code /Users}. Users sync before groups, since groups name them. */
  USER,
  /** A group, written to {@code /Groups}; its members are users. */
  GROUP
}
