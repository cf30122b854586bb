/**
 * Fault injection for the fake SCIM server: {@link io.scimsync.testkit.fault.FaultRule}s (built with
 * {@link io.scimsync.testkit.fault.Faults} or parsed from the command line) collected in a
 * {@link io.scimsync.testkit.fault.FaultPlan} that the HTTP layer asks once per request. Plain Java:
 * what each {@link io.scimsync.testkit.fault.FaultAction} looks like on the wire is the HTTP layer's
 * business.
 */
package io.scimsync.testkit.fault;
