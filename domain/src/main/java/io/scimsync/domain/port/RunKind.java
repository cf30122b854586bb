package io.scimsync.domain.port;

/** What a sync run of a provider was. */
public enum RunKind {
  /**
   * A full reconcile: the whole directory streamed and compared with the remote, pre-existing
   * remote objects adopted, objects that left scope deleted.
   */
  RECONCILE,
  /** A dry run of a reconcile: the requests it would send, recorded, none sent. */
  PLAN
}
