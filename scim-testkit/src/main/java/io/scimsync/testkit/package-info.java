/**
 * A fake SCIM 2.0 server for integration tests: RFC 7643/7644 over Pekko HTTP, in memory, with
 * the quirks of real targets as named switches ({@link io.scimsync.testkit.Quirk}), fault
 * injection ({@link io.scimsync.testkit.fault}) and a request recorder
 * ({@link io.scimsync.testkit.record}). Entry points: {@link io.scimsync.testkit.FakeScimServer}
 * and {@link io.scimsync.testkit.FakeScimServerExtension}; {@link io.scimsync.testkit.FakeScimServerMain}
 * runs it standalone. Independent of the {@code domain} module on purpose: a second implementation
 * of the RFC catches what a shared model would hide.
 */
package io.scimsync.testkit;
