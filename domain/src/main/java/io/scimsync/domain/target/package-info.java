/**
 * What a remote target can do ({@link io.scimsync.domain.target.TargetCapabilities}, from its
 * ServiceProviderConfig), what its vendor needs ({@link io.scimsync.domain.target.VendorProfile},
 * as data), and the write strategy both resolve to ({@link io.scimsync.domain.target.TargetStrategy}).
 */
package io.scimsync.domain.target;
