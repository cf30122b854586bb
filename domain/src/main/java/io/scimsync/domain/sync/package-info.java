/**
 * The per-object sync policy, pure: what to do with one claimed object given its snapshot
 * ({@link io.scimsync.domain.sync.ObjectSync}), and one object's whole run as a state machine
 * that answers every event with an effect for its interpreter to carry out
 * ({@link io.scimsync.domain.sync.ObjectRun}): send a request, commit, or stop. No clock, no
 * I/O, no threads: the daemon's actor interprets it, and tables test it.
 */
package io.scimsync.domain.sync;
