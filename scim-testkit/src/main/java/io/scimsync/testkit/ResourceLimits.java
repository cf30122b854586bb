package io.scimsync.testkit;

/** Limits of the fake server that no profile changes. */
final class ResourceLimits {
  private ResourceLimits() {}

  /** Page size when a client gives no {@code count}, and the cap without PAGE_SIZE_LIMIT. */
  static final int DEFAULT_MAX_PAGE = 1000;
  /** Largest request body read; a SCIM request beyond this is a client bug. */
  static final long MAX_REQUEST_BYTES = 32L << 20;
}
