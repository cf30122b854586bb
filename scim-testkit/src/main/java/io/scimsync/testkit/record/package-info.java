/**
 * The request recorder of the fake SCIM server: {@link io.scimsync.testkit.record.Recorder} keeps
 * every answered request as a {@link io.scimsync.testkit.record.RecordedRequest}, with secrets
 * removed by {@link io.scimsync.testkit.record.Redaction}. Plain Java and Jackson; the HTTP layer
 * feeds it.
 */
package io.scimsync.testkit.record;
