/**
 * Local directory objects to SCIM payloads: authentik's default mappings, the object's own extra
 * attributes, then the provider's static {@link io.scimsync.domain.mapping.AttributeOverrides}.
 * The result is what change detection projects and compares, so the mappers are deterministic:
 * the same input always yields the same payload, keys in the same order.
 */
package io.scimsync.domain.mapping;
