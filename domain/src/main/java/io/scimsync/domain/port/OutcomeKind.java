package io.scimsync.domain.port;

/** What syncing one object did at its provider. */
public enum OutcomeKind {
  /** Created remotely (POST). */
  CREATED,
  /** Changed remotely (PUT or PATCH). */
  UPDATED,
  /** An existing remote object was linked to the local one instead of creating a duplicate. */
  ADOPTED,
  /** Already as desired: nothing sent. */
  UNCHANGED,
  /** Deleted remotely (or found already gone). */
  DELETED,
  /** Deprovisioned softly: {@code active} set to false remotely, the link kept. */
  DEACTIVATED,
  /** Failed; the detail carries the error. */
  FAILED,
  /** Dry run: the detail lists the requests that would have been sent. */
  DRY_RUN
}
