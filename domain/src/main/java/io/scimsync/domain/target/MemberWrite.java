package io.scimsync.domain.target;

/** How group membership is written. */
public enum MemberWrite {
  /** PATCH deltas when the target supports PATCH, otherwise the full list in POST/PUT. */
  AUTO,
  /** PATCH {@code add}/{@code remove} deltas against what was last written. */
  PATCH,
  /** The full member list in the group's POST and PUT bodies (vCenter). */
  PUT
}
