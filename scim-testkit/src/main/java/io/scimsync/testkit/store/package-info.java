/**
 * The fake SCIM server's state without HTTP: {@link io.scimsync.testkit.store.ResourceStore}
 * (users and groups with RFC 7643/7644 rules, filters and PATCH from UnboundID's SCIM 2 SDK),
 * the {@link io.scimsync.testkit.store.StoreOptions} vendor profiles switch, and
 * {@link io.scimsync.testkit.store.ScimException}, the SCIM error every layer answers with.
 */
package io.scimsync.testkit.store;
