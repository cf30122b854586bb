/**
 * The ports of the domain: what the sync needs from the outside world, in domain words.
 * <ul>
 *   <li>{@link io.scimsync.domain.port.ScimTransport} executes one SCIM request against one
 *       provider's target, asynchronously;</li>
 *   <li>{@link io.scimsync.domain.port.DirectoryStore} holds the local directory (users, groups,
 *       memberships) and marks every change in the {@link io.scimsync.domain.port.ChangeFeed};</li>
 *   <li>{@link io.scimsync.domain.port.ConnectionStore} links each local object to its remote
 *       counterpart per provider, with what was last written there;</li>
 *   <li>{@link io.scimsync.domain.port.ChangeFeed} is the level-triggered dirty set the workers
 *       drain;</li>
 *   <li>{@link io.scimsync.domain.port.SyncLog} keeps runs and per-object outcomes for status and
 *       audit.</li>
 * </ul>
 * The stores are synchronous and may block (JDBC): call them on a dedicated executor, never on a
 * thread that must not block. Implementations are thread-safe. Their behaviour is pinned down by
 * the abstract contract tests in this package's tests ({@code *Contract}), which every
 * implementation runs; the {@code InMemory*} references in the domain test-jar pass them.
 *
 * <p>Pages are keyset pages ordered by local id in
 * {@link io.scimsync.domain.port.ObjectRef#ID_ORDER} (Unicode code point order, which is the binary
 * order of UTF-8; in PostgreSQL {@code COLLATE "C"}): the caller passes the last id of the
 * previous page, and an empty page means there is nothing after it. Memory stays constant however
 * large the directory grows.
 */
package io.scimsync.domain.port;
