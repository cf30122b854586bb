package io.scimsync.domain.target;

/** How changed attributes of a resource are written. */
public enum AttributeWrite {
  /** PATCH when the target supports it, otherwise PUT. */
  AUTO,
  /** PUT of the whole resource (RFC 7644 §3.5.1). */
  PUT,
  /** One PATCH with a path-less {@code replace} carrying every changed attribute. */
  PATCH_REPLACE,
  /** One PATCH with one {@code replace} per changed attribute, each with a path (AWS, issue #12321). */
  PATCH_PER_ATTRIBUTE
}
