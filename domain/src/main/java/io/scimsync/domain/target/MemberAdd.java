package io.scimsync.domain.target;

/** How a PATCH adds members. */
public enum MemberAdd {
  /** {@code {"op":"add","path":"members","value":[...]}}: the RFC form. */
  PATH_MEMBERS,
  /** {@code {"op":"add","value":{"members":[...]}}}: path-less, as Salesforce documents it. */
  PATHLESS_OBJECT
}
