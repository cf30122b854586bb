package io.scimsync.domain.port;

/** What a put did to the directory; the admin API answers 201 for CREATED and 200 otherwise. */
public enum PutResult {
  /** No object had this id: it was created, and marked dirty for every provider. */
  CREATED,
  /** An object with this id existed and differed: it was replaced, and marked dirty. */
  REPLACED,
  /** An equal object already existed: nothing was written and nothing marked dirty. */
  UNCHANGED
}
