package io.scimsync.app.sync;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.port.ScimTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** A transport call whose every failure is an answer: what reads outside an object's run use. */
final class SafeTransport {
  private SafeTransport() {
  }

  /** The reply; a transport that throws or fails instead of answering counts as lost. */
  static CompletionStage<ScimReply> execute(ScimTransport transport, ScimRequest request) {
    CompletionStage<ScimReply> reply;
    try {
      reply = transport.execute(request);
    } catch (RuntimeException | StackOverflowError e) {
      reply = CompletableFuture.failedFuture(e);
    }
    return reply.handle((answer, error) -> {
      if (answer != null) {
        return answer;
      }
      Throwable cause = unwrap(error);
      if (cause instanceof Planner.TargetUnreachable unreachable) {
        throw unreachable;
      }
      return new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECTION_LOST,
          "the transport failed: " + (cause == null ? "no reply" : cause.toString()));
    });
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  /**
   * Whether a transport's failure says the request cannot be sent as it is (its body cannot be
   * encoded), which no retry mends, rather than that it was lost on its way.
   */
  static boolean unsendable(Throwable error) {
    Throwable cause = unwrap(error);
    return cause instanceof IllegalArgumentException || cause instanceof StackOverflowError;
  }

  /** The innermost cause, as "Type: message": what a log line about a failure says. */
  static String rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
