/**
 * The sans-I/O engines. Each run is a small state machine: {@code start()} returns the first
 * {@link io.scimsync.domain.engine.Step}; the caller performs a {@link io.scimsync.domain.engine.Step.Send}
 * however it likes and hands the {@link io.scimsync.domain.engine.ScimReply} to {@code onReply},
 * until a {@link io.scimsync.domain.engine.Step.Done} carries the result to persist. A run is not
 * thread-safe: one owner (an actor, a test) drives it.
 */
package io.scimsync.domain.engine;
