package io.scimsync.domain.port;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import java.util.concurrent.CompletionStage;

/**
 * Executes SCIM requests against one provider's target: its base URL, credentials, TLS settings,
 * rate limits and dry-run flag are fixed when the transport is made. The engines produce the
 * requests; the transport only performs them.
 *
 * <p>Unlike the stores, a transport is asynchronous and never blocks the caller: it may be called
 * from any thread, including an actor's, and completes the returned stage on its own threads.
 */
public interface ScimTransport {

  /**
   * Sends {@code request} and completes with what came back. Remote problems are replies, never
   * exceptional completions: any HTTP status is {@link ScimReply.Received} (a non-JSON or oversize
   * body {@link ScimReply.Unreadable}), a refused connection, a timeout or a broken connection is
   * {@link ScimReply.NotDelivered}, and in dry run a mutating request is withheld and answered with
   * {@link ScimReply.WithheldByDryRun}. The stage completes exceptionally only for a programming
   * error or a transport that has been shut down.
   */
  CompletionStage<ScimReply> execute(ScimRequest request);

  /**
   * Gives up every request still waiting for its turn (a rate limit, the concurrency cap): each
   * is answered {@link ScimReply.NotDelivered.Cause#NOT_SENT} at once, and so is every request
   * executed from then on. Requests already on the wire finish as usual. Called when the
   * provider stops, so that its replacement need not wait for queued work. Does nothing by
   * default.
   */
  default void close() {
  }
}
