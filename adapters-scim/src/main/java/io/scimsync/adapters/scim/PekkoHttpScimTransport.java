package io.scimsync.adapters.scim;

import io.scimsync.domain.engine.ReplyClass;
import io.scimsync.domain.engine.ReplyClassifier;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import io.scimsync.domain.engine.UnencodableRequestException;
import io.scimsync.domain.model.ScimError;
import io.scimsync.domain.port.ScimTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCIM over HTTP for one provider: the domain's {@link ScimTransport} on a Pekko HTTP host
 * connection pool (keep-alive, pool size = the provider's concurrency cap).
 *
 * <p>Each request passes the provider's {@link ProviderThrottle} (token buckets, concurrency cap,
 * the pause after a 429), gets its {@code Authorization} from the {@link Authenticator} (an OAuth
 * token is refreshed once after a 401), and is retried by the {@link RetryPolicy} while it fails
 * transiently (a POST only when it provably never reached the server). Replies are mapped by
 * {@link ReplyMapper}; nothing remote ever completes the returned stage exceptionally (a reply
 * nested deeper than {@link TransportSettings#maxReplyDepth()} is {@code Unreadable}); only a
 * request whose body cannot be encoded does, with an {@link UnencodableRequestException}. In dry run,
 * mutating requests never leave the process: they are journalled as "would send" and answered
 * {@link ScimReply.WithheldByDryRun}.
 */
public final class PekkoHttpScimTransport implements ScimTransport {
  private static final Logger LOG = LoggerFactory.getLogger(PekkoHttpScimTransport.class);
  static final ContentType.WithFixedCharset SCIM_JSON = ContentTypes.create(
      MediaTypes.applicationWithFixedCharset("scim+json", HttpCharsets.UTF_8));

  private final TransportSettings settings;
  private final Http http;
  private final Materializer materializer;
  private final HttpsConnectionContext tls;
  private final ConnectionPoolSettings pool;
  private final String base;
  private final Authenticator authenticator;
  private final ProviderThrottle throttle;
  private final Timer timer;
  private final RequestJournal journal;
  private final ReplyMapper replies;
  private final JsonCodec codec;
  private final org.apache.pekko.event.LoggingAdapter poolLog;

  private PekkoHttpScimTransport(TransportSettings settings, ActorSystem system, Timer timer,
                                 RequestJournal journal, Authenticator authenticator) {
    this.settings = settings;
    this.http = Http.get(system);
    this.poolLog = system.log();
    this.materializer = Materializer.createMaterializer(system);
    this.tls = TlsContexts.client(settings.tls());
    this.timer = timer;
    this.journal = journal;
    this.base = ScimUrls.base(settings.baseUrl());
    this.throttle = new ProviderThrottle(settings.throttle(), timer);
    this.authenticator = authenticator != null ? authenticator
        : Authenticator.of(settings.authentication(), system, tls, timer);
    this.codec = new JsonCodec(settings.maxReplyDepth());
    this.replies = new ReplyMapper(materializer, settings.maxResponseBytes(),
        settings.requestTimeout(), timer, codec);
    ClientConnectionSettings connection = ClientConnectionSettings.create(system)
        .withConnectingTimeout(settings.connectTimeout())
        // a connection silent for longer than a request may take is hung: close it, which ends
        // the exchange of a timed-out request and frees its slot
        .withIdleTimeout(settings.requestTimeout().plusSeconds(5))
        // without it, a request written in two segments (headers, then body) waits for the
        // server's delayed ACK (Nagle): about 40 ms on every write on Linux
        .withSocketOptions(java.util.List.of(org.apache.pekko.io.TcpSO.tcpNoDelay(true)))
        .withUserAgentHeader(java.util.Optional.of(
            org.apache.pekko.http.javadsl.model.headers.UserAgent.create(Version.userAgent())));
    this.pool = ConnectionPoolSettings.create(system)
        .withMaxConnections(settings.throttle().maxConcurrent())
        // the throttle admits at most maxConcurrent, each holding its slot until its connection is
        // free, so the pool never queues; the headroom only covers a slot freed a moment early
        .withMaxOpenRequests(Integer.highestOneBit(Math.max(8, settings.throttle().maxConcurrent())) * 2)
        // retries are ours: the pool would resend idempotent requests behind our back
        .withMaxRetries(0)
        // the pool's own backoff after failed connects grows to 2 minutes by default, holding
        // every request of a target that was down long after it is back; our retries pace it
        .withBaseConnectionBackoff(java.time.Duration.ofMillis(100))
        .withMaxConnectionBackoff(java.time.Duration.ofSeconds(1))
        .withConnectionSettings(connection);
    if (!settings.tls().verify()) {
      LOG.warn("provider {}: TLS certificate verification is OFF for {}; anyone on the path can "
          + "read and change what is sent, credentials included", settings.provider(),
          Redaction.url(settings.baseUrl().toString()));
    }
  }

  /** The transport for one provider, on the given actor system. */
  public static PekkoHttpScimTransport create(TransportSettings settings, ActorSystem system,
                                              RequestJournal journal) {
    return new PekkoHttpScimTransport(settings, system, PekkoTimer.of(system), journal, null);
  }

  /** As {@link #create}, with the time source and authenticator given (tests, embedding). */
  static PekkoHttpScimTransport create(TransportSettings settings, ActorSystem system, Timer timer,
                                       RequestJournal journal, Authenticator authenticator) {
    return new PekkoHttpScimTransport(settings, system, timer, journal, authenticator);
  }

  public TransportSettings settings() {
    return settings;
  }

  /** Requests waiting for their turn are answered NOT_SENT, and so are all later ones. */
  @Override
  public void close() {
    throttle.close();
  }

  /** The provider's admission control, for status and metrics (in flight, waiting, paused). */
  public ProviderThrottle throttle() {
    return throttle;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Never throws: a body that cannot be encoded (nested deeper than
   * {@link TransportSettings#maxReplyDepth()}) fails the stage with an
   * {@link UnencodableRequestException} and nothing is sent, in dry run too.
   */
  @Override
  public CompletionStage<ScimReply> execute(ScimRequest request) {
    byte[] body;
    String url;
    try {
      body = request.body().map(b -> encode(request, b)).orElse(null);
      url = ScimUrls.join(base, request.path(), request.query());
    } catch (RuntimeException e) {
      // the caller's pipeline expects a stage: a synchronous throw would escape it
      return CompletableFuture.failedFuture(e);
    }
    if (settings.dryRun() && request.method().mutating()) {
      return withheld(request, url, body);
    }
    CompletableFuture<ScimReply> result = new CompletableFuture<>();
    attempt(request, url, body, 1, false, result);
    return result;
  }

  private byte[] encode(ScimRequest request, Map<String, Object> body) {
    try {
      return codec.render(body);
    } catch (IllegalArgumentException e) {
      throw new UnencodableRequestException(request, e.getMessage(), e);
    }
  }

  private CompletionStage<ScimReply> withheld(ScimRequest request, String url, byte[] rendered) {
    Optional<String> body = Optional.ofNullable(rendered)
        .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).map(Redaction::body);
    LOG.info("provider {} dry run: would send {} {}{}", settings.provider(), request.method(),
        Redaction.url(url), body.map(b -> " " + b).orElse(""));
    journal.record(new JournalEntry(settings.provider(), request.method().name(),
        Redaction.url(url), OptionalInt.empty(), ReplyClass.DRY_RUN, Optional.empty(),
        Duration.ZERO, 1, timer.now(), body, Optional.empty()));
    return CompletableFuture.completedFuture(new ScimReply.WithheldByDryRun());
  }

  private void attempt(ScimRequest request, String url, byte[] body, int attempt,
                       boolean authRefreshed, CompletableFuture<ScimReply> result) {
    throttle.acquire(request.method().mutating()).whenComplete((permit, refused) -> {
      if (refused != null) {
        // closed while it waited for its turn: it never left, so the caller may give it up
        result.complete(new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.NOT_SENT,
            "not sent: the provider is stopping"));
        return;
      }
      Instant started = timer.now();
      long startedNanos = System.nanoTime();
      try {
        authenticator.authorization().whenComplete((authorization, authFailure) -> {
          if (authFailure != null) {
            // the SCIM request never left: only the token could not be had
            permit.release();
            finish(request, url, body, attempt, authRefreshed, result, started, startedNanos,
                new Sent(authenticationFailed(authFailure), Optional.empty()));
            return;
          }
          ReplyMapper.Exchange exchange;
          try {
            exchange = send(request, url, body, authorization);
          } catch (RuntimeException e) {
            permit.release();
            finish(request, url, body, attempt, authRefreshed, result, started, startedNanos,
                new Sent(new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECT_FAILED,
                    "the request could not be sent: " + e.getClass().getSimpleName()),
                    Optional.empty()));
            return;
          }
          CompletableFuture<Void> handled = new CompletableFuture<>();
          exchange.reply().whenComplete((reply, error) -> {
            try {
              finish(request, url, body, attempt, authRefreshed, result, started, startedNanos,
                  new Sent(reply != null ? reply : ReplyMapper.notDelivered(error),
                      authorization));
            } finally {
              handled.complete(null);
            }
          });
          // the slot is free only when the connection is (a timed-out request may still be on
          // the wire) and the reply has been handled: a 429 pauses the provider before anyone
          // waiting can take the slot
          CompletableFuture.allOf(exchange.finished().toCompletableFuture(), handled)
              .whenComplete((done, error) -> permit.release());
        });
      } catch (RuntimeException e) {
        permit.release();
        LOG.error("provider {}: transport failure on {} {}", settings.provider(),
            request.method(), Redaction.url(url), e);
        result.complete(new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECT_FAILED,
            "internal transport error: " + e.getClass().getSimpleName()));
      }
    });
  }

  private void finish(ScimRequest request, String url, byte[] body, int attempt,
                      boolean authRefreshed, CompletableFuture<ScimReply> result, Instant started,
                      long startedNanos, Sent sent) {
    try {
      Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
      journal(request, url, body, sent.reply(), attempt, started, took);
      next(request, url, body, attempt, authRefreshed, sent, result);
    } catch (RuntimeException e) {
      LOG.error("provider {}: transport failure on {} {}", settings.provider(), request.method(),
          Redaction.url(url), e);
      result.complete(sent.reply());
    }
  }

  private record Sent(ScimReply reply, Optional<String> authorization) {}

  private void next(ScimRequest request, String url, byte[] body, int attempt,
                    boolean authRefreshed, Sent sent, CompletableFuture<ScimReply> result) {
    ScimReply reply = sent.reply();
    int status = status(reply);
    if (status == 401 && authenticator.refreshable() && !authRefreshed
        && sent.authorization().isPresent()) {
      // an expired or revoked OAuth token: fetch a new one and try once more
      sent.authorization().ifPresent(authenticator::rejected);
      LOG.debug("provider {}: 401 on {} {}, refreshing the token", settings.provider(),
          request.method(), Redaction.url(url));
      attempt(request, url, body, attempt, true, result);
      return;
    }
    if (status == 429) {
      // an HTML 429 from a gateway is Unreadable, and still a 429: pause all the same
      Duration pause = RetryPolicy.retryAfter(reply).orElseGet(() -> settings.retry().cap(attempt));
      // the whole provider waits, not just this request: the target is saying "all of you, slow down"
      throttle.pauseUntil(timer.now().plus(pause));
      LOG.info("provider {}: 429 from the target, pausing all requests for {}", settings.provider(), pause);
    }
    Optional<Duration> delay = settings.retry().nextDelay(request, reply, attempt);
    if (delay.isEmpty()) {
      result.complete(reply);
      return;
    }
    LOG.debug("provider {}: retrying {} {} (attempt {} of {}) in {} after {}", settings.provider(),
        request.method(), Redaction.url(url), attempt + 1, settings.retry().maxAttempts(),
        delay.get(), describe(reply));
    timer.schedule(delay.get(), () -> attempt(request, url, body, attempt + 1, authRefreshed, result));
  }

  private ReplyMapper.Exchange send(ScimRequest request, String url, byte[] body,
                                   Optional<String> authorization) {
    HttpRequest http = HttpRequest.create(url).withMethod(method(request.method()))
        .addHeader(RawHeader.create("Accept", "application/scim+json"));
    if (body != null) {
      http = http.withEntity(SCIM_JSON, body);
    }
    if (authorization.isPresent()) {
      http = http.addHeader(RawHeader.create("Authorization", authorization.get()));
    }
    return replies.read(this.http.singleRequest(http, tls, pool, poolLog), request.method());
  }

  private void journal(ScimRequest request, String url, byte[] body, ScimReply reply, int attempt,
                       Instant started, Duration took) {
    ReplyClass replyClass = ReplyClassifier.classify(reply);
    Optional<String> detail = detail(reply);
    int status = status(reply);
    if (LOG.isDebugEnabled()) {
      LOG.debug("provider {}: {} {} -> {} {} in {} ms (attempt {})", settings.provider(),
          request.method(), Redaction.url(url), status == 0 ? "-" : status, replyClass,
          took.toMillis(), attempt);
    }
    boolean bodies = settings.journalBodies();
    journal.record(new JournalEntry(settings.provider(), request.method().name(), Redaction.url(url),
        status == 0 ? OptionalInt.empty() : OptionalInt.of(status), replyClass, detail, took,
        attempt, started,
        bodies && body != null ? Optional.of(Redaction.body(new String(body, java.nio.charset.StandardCharsets.UTF_8)))
            : Optional.empty(),
        bodies && reply instanceof ScimReply.Received r && r.body().isPresent()
            ? Optional.of(Redaction.body(codec.renderText(r.body().get())))
            : Optional.empty()));
  }

  private ScimReply authenticationFailed(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    String message = cause instanceof AuthenticationException ? cause.getMessage()
        : "could not authenticate: " + cause.getClass().getSimpleName();
    if (cause instanceof AuthenticationException auth && !auth.isTransient()) {
      // the credentials were refused: permanent until someone fixes them
      return ScimReply.Received.of(401, new ScimError("401", Optional.empty(), Optional.of(message)).toMap());
    }
    // the token endpoint was unreachable or failing: the SCIM request never left, so any retry is safe
    return new ScimReply.NotDelivered(ScimReply.NotDelivered.Cause.CONNECT_FAILED, message);
  }

  static int status(ScimReply reply) {
    if (reply instanceof ScimReply.Received r) {
      return r.status();
    }
    if (reply instanceof ScimReply.Unreadable u) {
      return u.status();
    }
    return 0;
  }

  private static Optional<String> detail(ScimReply reply) {
    if (reply instanceof ScimReply.Received r) {
      return r.body().flatMap(b -> ScimError.fromBody(b, r.status())).flatMap(ScimError::detail);
    }
    if (reply instanceof ScimReply.Unreadable u) {
      return Optional.of(u.reason());
    }
    if (reply instanceof ScimReply.NotDelivered n) {
      return Optional.of(n.cause().name().toLowerCase(java.util.Locale.ROOT) + ": " + n.reason());
    }
    return Optional.empty();
  }

  private static String describe(ScimReply reply) {
    int status = status(reply);
    return status != 0 ? "status " + status : detail(reply).orElse("no response");
  }

  private static HttpMethod method(ScimRequest.Method method) {
    switch (method) {
      case GET: return HttpMethods.GET;
      case POST: return HttpMethods.POST;
      case PUT: return HttpMethods.PUT;
      case PATCH: return HttpMethods.PATCH;
      default: return HttpMethods.DELETE;
    }
  }
}
