package io.scimsync.adapters.scim;

import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * Turns what came back into a {@link ScimReply}, never into an exception: a JSON body is parsed; a
 * body that is not JSON (an HTML error page, a truncated or invalid document), that is over the
 * size limit or that nests deeper than the codec reads becomes {@link ScimReply.Unreadable} naming
 * status and content type; no response at
 * all becomes {@link ScimReply.NotDelivered} with why. The request timeout covers the whole
 * exchange, body included.
 */
final class ReplyMapper {
  private final Materializer materializer;
  private final long maxBytes;
  private final Duration timeout;
  private final Timer timer;
  private final JsonCodec codec;

  ReplyMapper(Materializer materializer, long maxBytes, Duration timeout, Timer timer,
              JsonCodec codec) {
    this.materializer = materializer;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.timer = timer;
    this.codec = codec;
  }

  /**
   * One exchange as the transport sees it: {@code reply} completes with the reply (or at the
   * deadline); {@code finished} completes only when the connection is free again (the response
   * read or discarded, or the exchange failed), which is when a concurrency slot may be reused.
   */
  record Exchange(CompletableFuture<ScimReply> reply, CompletableFuture<Void> finished) {}

  Exchange read(CompletionStage<HttpResponse> exchange, ScimRequest.Method method) {
    CompletableFuture<ScimReply> result = new CompletableFuture<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    Timer.Cancellable deadline = timer.schedule(timeout, () -> result.complete(
        new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.TIMEOUT,
            "no complete response within " + timeout.toMillis() + " ms")));
    Stages.onCaller(exchange).whenComplete((response, failure) -> {
      if (failure != null) {
        result.complete(notDelivered(failure));
        finished.complete(null);
        return;
      }
      if (result.isDone()) {
        // too late for the caller: drain it so the connection can serve the next request
        Stages.onCaller(response.discardEntityBytes(materializer).completionStage())
            .whenComplete((done, error) -> finished.complete(null));
        return;
      }
      body(response, method).whenComplete((reply, bodyFailure) -> {
        result.complete(bodyFailure != null ? notDelivered(bodyFailure) : reply);
        finished.complete(null);
      });
    });
    result.whenComplete((reply, failure) -> deadline.cancel());
    return new Exchange(result, finished);
  }

  private CompletionStage<ScimReply> body(HttpResponse response, ScimRequest.Method method) {
    int status = response.status().intValue();
    String contentType = response.entity().getContentType().toString();
    Optional<String> etag = response.getHeader("ETag").map(HttpHeader::value);
    Optional<Duration> retryAfter = response.getHeader("Retry-After").map(HttpHeader::value)
        .flatMap(value -> RetryAfter.parse(value, timer.now()));
    OptionalLong declared = response.entity().getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > maxBytes) {
      response.discardEntityBytes(materializer);
      return CompletableFuture.completedFuture(tooLarge(status, contentType));
    }
    return Stages.onCaller(response.entity().withSizeLimit(maxBytes)
            .toStrict(timeout.toMillis(), materializer))
        .handle((strict, failure) -> {
          if (failure != null) {
            if (isSizeLimit(failure)) {
              return tooLarge(status, contentType);
            }
            throw new CompletionException(failure);
          }
          return parse(status, contentType, strict.getData(), etag, retryAfter, method);
        });
  }

  private ScimReply parse(int status, String contentType, ByteString data, Optional<String> etag,
                          Optional<Duration> retryAfter, ScimRequest.Method method) {
    if (data.isEmpty()) {
      boolean resourceExpected = status >= 200 && status < 300 && status != 204
          && (method == ScimRequest.Method.GET || method == ScimRequest.Method.POST);
      if (resourceExpected) {
        return new ScimReply.Unreadable(status, contentType,
            "empty body where a SCIM resource was expected");
      }
      return new ScimReply.Received(status, Optional.empty(), etag, retryAfter);
    }
    if (!isJson(contentType)) {
      return new ScimReply.Unreadable(status, contentType, "the body is not JSON ("
          + data.size() + " bytes)", retryAfter);
    }
    try {
      Object body = codec.parse(data.toArray());
      return new ScimReply.Received(status, Optional.ofNullable(body), etag, retryAfter);
    } catch (IOException e) {
      if (JsonCodec.isNestingLimit(e)) {
        // refused while parsing: nothing recursive has seen it, and the engine never will
        return new ScimReply.Unreadable(status, contentType, "reply nested too deep (more than "
            + codec.maxDepth() + " levels)", retryAfter);
      }
      return new ScimReply.Unreadable(status, contentType, "the body is not valid JSON ("
          + data.size() + " bytes)", retryAfter);
    }
  }

  private ScimReply tooLarge(int status, String contentType) {
    return new ScimReply.Unreadable(status, contentType,
        "response too large: over the limit of " + maxBytes + " bytes");
  }

  /** application/scim+json, application/json, or any +json type; servers also send text/json. */
  static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    return media.equals("application/json") || media.endsWith("+json") || media.equals("text/json");
  }

  private static boolean isSizeLimit(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("EntityStreamSizeException")) {
        return true;
      }
    }
    return false;
  }

  static ScimReply.NotDelivered notDelivered(Throwable failure) {
    Throwable root = failure;
    while ((root instanceof CompletionException || root instanceof java.util.concurrent.ExecutionException)
        && root.getCause() != null) {
      root = root.getCause();
    }
    for (Throwable t = root; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
          || message.contains("Connection refused") || message.contains("connecting timeout")
          || (message.startsWith("Tcp command [Connect(") && message.contains("failed"))) {
        // the request was never written: retrying even a POST is safe
        return new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECT_FAILED,
            firstLine(message));
      }
      if (t instanceof javax.net.ssl.SSLHandshakeException) {
        return new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECT_FAILED,
            "TLS handshake failed: " + firstLine(message));
      }
    }
    return new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECTION_LOST,
        root.getClass().getSimpleName() + ": " + firstLine(String.valueOf(root.getMessage())));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
