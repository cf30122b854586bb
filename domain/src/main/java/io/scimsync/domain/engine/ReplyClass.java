package io.scimsync.domain.engine;

/** The class of a reply, which decides what an engine does next (fixes W6). */
public enum ReplyClass {
  /** 2xx with a readable body (or none). */
  SUCCESS,
  /** Will fail the same way again until something changes: 400, 401, 403, 405, 501, bad bodies. */
  PERMANENT,
  /** May succeed later: 429, 5xx other than 501, timeouts, connection failures. */
  TRANSIENT,
  /** 409: the resource exists already. */
  CONFLICT,
  /** 404: the resource is not there. */
  GONE,
  /** Withheld by dry run. */
  DRY_RUN
}
