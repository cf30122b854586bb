package io.scimsync.app.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.scimsync.app.InvalidFieldException;
import io.scimsync.app.provider.ProviderSettings;
import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.port.PutResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API (DESIGN.md §5) over an {@link AdminBackend}: local users and groups,
 * provider definitions, status, reconcile and plan under {@code /api/v1} (bearer token required),
 * plus {@code /healthz} and {@code /metrics} without authentication, for probes and scrapers.
 *
 * <p>Every answer is JSON except {@code /metrics}: errors are {@code {"error": ...}}, with
 * {@code "field"} on a 400. Bodies are read whole (at most {@link #MAX_BODY_BYTES}) before
 * anything is validated or written, so a rejected request has changed nothing.
 */
public final class AdminRoutes {
  /** The largest request body accepted (413 above). Directory objects are far smaller. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
  private static final long BODY_TIMEOUT_MILLIS = 10_000;
  private static final ContentType METRICS_TYPE =
      ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private AdminRoutes() {}

  /**
   * The whole API as one route, for {@link AdminServer#start}.
   *
   * @param adminToken the bearer token every {@code /api} request must present
   */
  public static Route create(AdminBackend backend, String adminToken) {
    if (backend == null) {
      throw new IllegalArgumentException("backend must not be null");
    }
    if (adminToken == null || adminToken.isBlank()) {
      throw new IllegalArgumentException("adminToken must not be blank");
    }
    return new Dsl(backend, sha256(adminToken)).root();
  }

  /**
   * Comparing digests keeps the comparison constant-time in the presented token's length too,
   * which {@link MessageDigest#isEqual} alone does not promise for inputs of different lengths.
   */
  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static final class Dsl extends AllDirectives {
    private final AdminBackend backend;
    private final byte[] tokenDigest;

    Dsl(AdminBackend backend, byte[] tokenDigest) {
      this.backend = backend;
      this.tokenDigest = tokenDigest;
    }

    Route root() {
      ExceptionHandler exceptions = ExceptionHandler.newBuilder()
          .matchAny(e -> failed(e, null))
          .build();
      // only a safety net: every path below completes, so no rejection should reach it
      RejectionHandler rejections = RejectionHandler.defaultHandler()
          .mapRejectionResponse(Dsl::asJson);
      return handleExceptions(exceptions, () -> handleRejections(rejections, () -> concat(
          path("healthz", () -> concat(get(this::health), notAllowed(HttpMethods.GET))),
          path("metrics", () -> concat(get(this::metrics), notAllowed(HttpMethods.GET))),
          pathPrefix("api", () -> extractUnmatchedPath(rest ->
              // "/apis" is not under "/api": it gets a plain 404, not a token challenge
              rest.isEmpty() || rest.startsWith("/") ? authorized(this::api) : noSuchEndpoint())),
          noSuchEndpoint())));
    }

    private Route api() {
      return concat(
          path(segment("v1").slash("users").slash(segment()), id -> concat(
              put(() -> putUser(id)),
              get(() -> getUser(id)),
              delete(() -> deleteUser(id)),
              notAllowed(HttpMethods.PUT, HttpMethods.GET, HttpMethods.DELETE))),
          path(segment("v1").slash("groups").slash(segment()), id -> concat(
              put(() -> putGroup(id)),
              get(() -> getGroup(id)),
              delete(() -> deleteGroup(id)),
              notAllowed(HttpMethods.PUT, HttpMethods.GET, HttpMethods.DELETE))),
          path(segment("v1").slash("groups").slash(segment()).slash("members"), id -> concat(
              post(() -> changeMembers(id)),
              notAllowed(HttpMethods.POST))),
          path(segment("v1").slash("providers").slash(segment()), name -> concat(
              put(() -> putProvider(name)),
              get(() -> getProvider(name)),
              delete(() -> deleteProvider(name)),
              notAllowed(HttpMethods.PUT, HttpMethods.GET, HttpMethods.DELETE))),
          path(segment("v1").slash("providers").slash(segment()).slash("status"), name -> concat(
              get(() -> status(name)),
              notAllowed(HttpMethods.GET))),
          path(segment("v1").slash("providers").slash(segment()).slash("reconcile"), name ->
              concat(post(() -> reconcile(name)), notAllowed(HttpMethods.POST))),
          path(segment("v1").slash("providers").slash(segment()).slash("plan"), name -> concat(
              get(() -> plan(name)),
              notAllowed(HttpMethods.GET))),
          noSuchEndpoint());
    }

    // ---- users

    private Route putUser(String id) {
      return validated(() -> {
        DirectoryJson.requireId(id);
        return jsonBody(json -> {
          LocalUser user = DirectoryJson.user(id, json);
          return await(() -> backend.putUser(user), "body", result ->
              complete(ApiErrors.json(putStatus(result), DirectoryJson.userJson(user))));
        });
      });
    }

    private Route getUser(String id) {
      return validated(() -> {
        DirectoryJson.requireId(id);
        return await(() -> backend.findUser(id), "id", user -> user
            .<Route>map(u -> complete(ApiErrors.json(StatusCodes.OK, DirectoryJson.userJson(u))))
            .orElseGet(() -> notFound("no user '" + id + "'")));
      });
    }

    private Route deleteUser(String id) {
      return validated(() -> {
        DirectoryJson.requireId(id);
        return await(() -> backend.deleteUser(id), "id", deleted -> Boolean.TRUE.equals(deleted)
            ? complete(StatusCodes.NO_CONTENT) : notFound("no user '" + id + "'"));
      });
    }

    // ---- groups

    private Route putGroup(String id) {
      return validated(() -> {
        DirectoryJson.requireId(id);
        return jsonBody(json -> {
          LocalGroup group = DirectoryJson.group(id, json);
          // the directory store reports unknown member ids as a plain IllegalArgumentException
          return await(() -> backend.putGroup(group), "members", result ->
              complete(ApiErrors.json(putStatus(result), DirectoryJson.groupJson(group))));
        });
      });
    }

    private Route getGroup(String id) {
      return validated(() -> {
        DirectoryJson.requireId(id);
        return await(() -> backend.findGroup(id), "id", group -> group
            .<Route>map(g -> complete(ApiErrors.json(StatusCodes.OK, DirectoryJson.groupJson(g))))
            .orElseGet(() -> notFound("no group '" + id + "'")));
      });
    }

    private Route deleteGroup(String id) {
      return validated(() -> {
        DirectoryJson.requireId(id);
        return await(() -> backend.deleteGroup(id), "id", deleted -> Boolean.TRUE.equals(deleted)
            ? complete(StatusCodes.NO_CONTENT) : notFound("no group '" + id + "'"));
      });
    }

    private Route changeMembers(String id) {
      return validated(() -> {
        DirectoryJson.requireId(id);
        return jsonBody(json -> {
          DirectoryJson.MemberChange change = DirectoryJson.memberChange(json);
          return await(() -> backend.changeMembers(id, change.add(), change.remove()), "add",
              group -> group
                  .<Route>map(g -> complete(ApiErrors.json(StatusCodes.OK,
                      DirectoryJson.groupJson(g))))
                  .orElseGet(() -> notFound("no group '" + id + "'")));
        });
      });
    }

    // ---- providers

    private Route putProvider(String name) {
      return validated(() -> {
        ProviderSettings.requireName(name);
        return jsonBody(json -> {
          // an update may leave the secret out to keep the stored one; the backend refuses a
          // new provider without one
          ProviderSettings settings = ProviderSettings.parse(name, json, false);
          return await(() -> backend.putProvider(settings), "body", created ->
              // shown as stored, so that "secretSet" is true when an update kept the secret
              onComplete(call(() -> backend.findProvider(name)), stored -> {
                ProviderSettings shown = settings;
                if (stored.isSuccess()) {
                  shown = stored.get().orElse(settings);
                } else {
                  LOG.warn("admin API: provider '{}' was saved but could not be read back",
                      name, ApiErrors.unwrap(stored.failed().get()));
                }
                return complete(ApiErrors.json(Boolean.TRUE.equals(created)
                    ? StatusCodes.CREATED : StatusCodes.OK, shown.toDisplay()));
              }));
        });
      });
    }

    private Route getProvider(String name) {
      return validated(() -> {
        ProviderSettings.requireName(name);
        return await(() -> backend.findProvider(name), "name", found -> found
            .<Route>map(s -> complete(ApiErrors.json(StatusCodes.OK, s.toDisplay())))
            .orElseGet(() -> noProvider(name)));
      });
    }

    private Route deleteProvider(String name) {
      return validated(() -> {
        ProviderSettings.requireName(name);
        return await(() -> backend.deleteProvider(name), "name", deleted ->
            Boolean.TRUE.equals(deleted) ? complete(StatusCodes.NO_CONTENT) : noProvider(name));
      });
    }

    private Route status(String name) {
      return validated(() -> {
        ProviderSettings.requireName(name);
        return await(() -> backend.status(name), "name", found -> found
            .<Route>map(s -> complete(ApiErrors.json(StatusCodes.OK, s.toJson())))
            .orElseGet(() -> noProvider(name)));
      });
    }

    private Route reconcile(String name) {
      return validated(() -> {
        ProviderSettings.requireName(name);
        return await(() -> backend.reconcile(name), "name", found -> found
            .<Route>map(a -> complete(ApiErrors.json(StatusCodes.ACCEPTED, reconcileJson(a))))
            .orElseGet(() -> noProvider(name)));
      });
    }

    private Route plan(String name) {
      return validated(() -> {
        ProviderSettings.requireName(name);
        return await(() -> backend.plan(name), "name", found -> found
            .<Route>map(p -> complete(ApiErrors.json(StatusCodes.OK, p.toJson())))
            .orElseGet(() -> noProvider(name)));
      });
    }

    // ---- unauthenticated

    private Route health() {
      return onComplete(call(backend::health), health -> {
        if (health.isFailure()) {
          LOG.error("admin API: health check failed", ApiErrors.unwrap(health.failed().get()));
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", "unavailable");
          body.put("error", "health check failed; see the daemon's log");
          return complete(ApiErrors.json(StatusCodes.SERVICE_UNAVAILABLE, body));
        }
        Health h = health.get();
        return complete(ApiErrors.json(h.databaseUp() ? StatusCodes.OK
            : StatusCodes.SERVICE_UNAVAILABLE, h.toJson()));
      });
    }

    private Route metrics() {
      return complete(HttpResponse.create().withStatus(StatusCodes.OK)
          .withEntity(METRICS_TYPE, backend.metrics().getBytes(StandardCharsets.UTF_8)));
    }

    // ---- plumbing

    private Route authorized(Supplier<Route> inner) {
      return extractCredentials(credentials -> {
        Optional<String> token = credentials
            .filter(c -> c.scheme().equalsIgnoreCase("Bearer"))
            .map(HttpCredentials::token)
            .filter(t -> !t.isEmpty());
        if (token.isEmpty()) {
          return complete(unauthorized(Map.of(),
              "missing admin token: send \"Authorization: Bearer <token>\""));
        }
        if (!MessageDigest.isEqual(sha256(token.get()), tokenDigest)) {
          // RFC 6750 §3.1; the presented token is never repeated back
          return complete(unauthorized(Map.of("error", "invalid_token"),
              "the admin token is not valid"));
        }
        return inner.get();
      });
    }

    private static HttpResponse unauthorized(Map<String, String> params, String message) {
      return ApiErrors.error(StatusCodes.UNAUTHORIZED, message).addHeader(
          WWWAuthenticate.create(HttpChallenge.create("Bearer", "scimsync", params)));
    }

    /** Reads the whole body as one JSON object and hands it on; answers 400/413/415 itself. */
    private Route jsonBody(Function<Map<String, Object>, Route> inner) {
      return extractRequestEntity(entity -> {
        if (!isJson(entity.getContentType())) {
          return complete(ApiErrors.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
              "Content-Type must be application/json or application/scim+json, got "
                  + entity.getContentType().mediaType().value()));
        }
        OptionalLong length = entity.getContentLengthOption();
        if (length.isPresent() && length.getAsLong() > MAX_BODY_BYTES) {
          return complete(tooLarge());
        }
        return extractMaterializer(materializer -> onComplete(
            call(() -> entity.toStrict(BODY_TIMEOUT_MILLIS, MAX_BODY_BYTES, materializer)),
            strict -> {
              if (strict.isFailure()) {
                return bodyNotRead(strict.failed().get());
              }
              return validated(() -> inner.apply(
                  JsonBodies.parseObject(strict.get().getData().toArray())));
            }));
      });
    }

    private static HttpResponse tooLarge() {
      return ApiErrors.error(StatusCodes.CONTENT_TOO_LARGE,
          "the request body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    private static boolean isJson(ContentType type) {
      // Pekko reports a body sent without Content-Type as application/octet-stream
      if (type.equals(ContentTypes.NO_CONTENT_TYPE)
          || type.equals(ContentTypes.APPLICATION_OCTET_STREAM)) {
        return true;
      }
      MediaType media = type.mediaType();
      String name = (media.mainType() + "/" + media.subType()).toLowerCase(Locale.ROOT);
      return name.equals("application/json") || name.equals("application/scim+json");
    }

    private Route bodyNotRead(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        // a chunked body has no length to check up front: it fails while being read
        if (t instanceof EntityStreamSizeException) {
          return complete(tooLarge());
        }
        if (t instanceof TimeoutException) {
          return complete(ApiErrors.error(StatusCodes.REQUEST_TIMEOUT,
              "the request body did not arrive within " + BODY_TIMEOUT_MILLIS / 1000 + " s"));
        }
      }
      return failed(failure, null);
    }

    /** Bad input found while building the answer becomes a 400 naming the field. */
    private Route validated(Supplier<Route> inner) {
      try {
        return inner.get();
      } catch (InvalidFieldException e) {
        return complete(ApiErrors.badRequest(e));
      }
    }

    /**
     * Runs a backend call and continues with its result; a failed call gets the answer
     * {@link ApiErrors#failure} picks.
     */
    private <T> Route await(Supplier<CompletionStage<T>> backendCall, String fallbackField,
                            Function<T, Route> onSuccess) {
      return onComplete(call(backendCall), result -> result.isSuccess()
          ? validated(() -> onSuccess.apply(result.get()))
          : failed(result.failed().get(), fallbackField));
    }

    /** A backend that throws instead of failing its stage is answered the same way. */
    private static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> backendCall) {
      try {
        CompletionStage<T> stage = backendCall.get();
        return stage != null ? stage
            : CompletableFuture.failedFuture(new IllegalStateException("backend returned null"));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private Route failed(Throwable failure, String fallbackField) {
      return extractRequest(request ->
          complete(ApiErrors.failure(request, failure, fallbackField)));
    }

    private Route notFound(String message) {
      return complete(ApiErrors.error(StatusCodes.NOT_FOUND, message));
    }

    private Route noProvider(String name) {
      return notFound("no provider '" + name + "'");
    }

    private Route noSuchEndpoint() {
      return extractRequest(request -> notFound("no endpoint " + request.method().value() + " "
          + request.getUri().path()));
    }

    private Route notAllowed(HttpMethod... allowed) {
      String names = Stream.of(allowed).map(HttpMethod::value).collect(Collectors.joining(", "));
      return extractMethod(method -> complete(ApiErrors.error(StatusCodes.METHOD_NOT_ALLOWED,
          "method " + method.value() + " is not allowed here; allowed: " + names)
          .addHeader(Allow.create(allowed))));
    }

    private static StatusCode putStatus(PutResult result) {
      return result == PutResult.CREATED ? StatusCodes.CREATED : StatusCodes.OK;
    }

    private static Map<String, Object> reconcileJson(ReconcileAccepted accepted) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("provider", accepted.provider());
      out.put("accepted", true);
      out.put("alreadyRunning", accepted.alreadyRunning());
      return out;
    }

    /** Pekko's own rejection answers are text; keep the API's promise of JSON errors. */
    private static HttpResponse asJson(HttpResponse response) {
      if (response.entity() instanceof HttpEntity.Strict strict
          && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
        String text = strict.getData().utf8String();
        return response.withEntity(ContentTypes.APPLICATION_JSON, JsonBodies.write(
            Map.of("error", text.isBlank() ? response.status().reason() : text)));
      }
      return response;
    }
  }
}
