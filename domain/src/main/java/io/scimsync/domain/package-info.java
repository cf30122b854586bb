/**
 * The scimsync sync engine: plans every SCIM request that keeps a remote service provider equal to
 * the local directory, and consumes every reply, without performing any I/O. JDK only.
 */
package io.scimsync.domain;
