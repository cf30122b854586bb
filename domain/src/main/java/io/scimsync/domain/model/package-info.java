/**
 * SCIM 2.0 resources and messages (RFC 7643, RFC 7644) as plain immutable values. Rendering them
 * as JSON is an adapter's business: every {@code toMap()} returns ordered immutable maps and lists
 * of strings, numbers and booleans that any JSON library renders as they are.
 */
package io.scimsync.domain.model;
