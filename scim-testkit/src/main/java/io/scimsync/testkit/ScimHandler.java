package io.scimsync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.fault.FaultAction;
import io.scimsync.testkit.fault.FaultPlan;
import io.scimsync.testkit.record.Recorder;
import io.scimsync.testkit.store.ListQuery;
import io.scimsync.testkit.store.ListResult;
import io.scimsync.testkit.store.ResourceStore;
import io.scimsync.testkit.store.ScimException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The fake server's request handler: one function from request to response, so that faults can
 * shape the response at the lowest level (a dropped connection, a truncated body) and every
 * exchange is recorded. Store calls are in-memory and short, so they run on the calling thread.
 */
final class ScimHandler implements Function<HttpRequest, CompletionStage<HttpResponse>> {
  static final ContentType.WithFixedCharset SCIM_JSON = ContentTypes.create(
      MediaTypes.applicationWithFixedCharset("scim+json", HttpCharsets.UTF_8));

  private final ActorSystem system;
  private final Materializer materializer;
  private final ObjectMapper json;
  private final ServerProfile profile;
  private final String basePath;
  private final Supplier<String> baseUrl;
  private final Optional<String> token;
  private final Duration latency;
  private final ResourceStore store;
  private final FaultPlan faults;
  private final Recorder recorder;
  private final WriteRateLimit rateLimit;
  private final DiscoveryDocuments discovery;

  ScimHandler(ActorSystem system, ObjectMapper json, ServerProfile profile, String basePath,
              Supplier<String> baseUrl, Optional<String> token, Duration latency, ResourceStore store,
              FaultPlan faults, Recorder recorder, WriteRateLimit rateLimit) {
    this.system = system;
    this.materializer = Materializer.createMaterializer(system);
    this.json = json;
    this.profile = profile;
    this.basePath = basePath;
    this.baseUrl = baseUrl;
    this.token = token;
    this.latency = latency;
    this.store = store;
    this.faults = faults;
    this.recorder = recorder;
    this.rateLimit = rateLimit;
    this.discovery = new DiscoveryDocuments(json, profile, baseUrl);
  }

  /** Control endpoints for command-line users; never recorded, never faulted. */
  static final String CONTROL = "/_testkit/";

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) {
    if (request.getUri().path().startsWith(CONTROL)) {
      return request.entity().toStrict(10_000, materializer)
          .thenApply(entity -> control(request, entity.getData().utf8String()));
    }
    Recorder.Arrival arrival = recorder.arrive();
    // most requests (every GET) arrive strict already: skip a stream materialisation for them
    CompletionStage<HttpEntity.Strict> strict = request.entity() instanceof HttpEntity.Strict s
        ? CompletableFuture.completedFuture(s)
        : request.entity().withSizeLimit(ResourceLimits.MAX_REQUEST_BYTES)
            .toStrict(10_000, materializer);
    return strict
        .thenCompose(entity -> {
          String body = entity.getData().isEmpty() ? "" : entity.getData().utf8String();
          String method = request.method().value();
          String path = request.getUri().path();
          List<FaultAction> actions = faults.match(method, relative(path));
          Duration delay = latency;
          FaultAction terminal = null;
          for (FaultAction action : actions) {
            if (action instanceof FaultAction.Latency l) {
              delay = delay.plus(l.delay());
            } else if (terminal == null) {
              terminal = action;
            }
          }
          FaultAction fault = terminal;
          CompletionStage<HttpResponse> response = delay.isZero()
              ? CompletableFuture.completedFuture(respond(request, body, fault))
              : Patterns.after(delay, system.scheduler(), system.dispatcher(),
                  () -> CompletableFuture.completedFuture(respond(request, body, fault)));
          return response.thenApply(r -> {
            record(arrival, request, body, r, fault);
            return r;
          });
        })
        .whenComplete((r, error) -> {
          if (error != null) {
            // the body could not be read: no answer is recorded, but it is in flight no more
            recorder.abandon(arrival);
          }
        });
  }

  private HttpResponse respond(HttpRequest request, String body, FaultAction fault) {
    try {
      String path = request.getUri().path();
      if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
        throw new ScimException(404, Optional.empty(), "no SCIM endpoint at " + path
            + "; the base URL is " + baseUrl.get());
      }
      if (!authorized(request)) {
        return error(new ScimException(401, Optional.empty(),
            "missing or wrong bearer token")).addHeader(RawHeader.create("WWW-Authenticate",
            "Bearer realm=\"scim-testkit\""));
      }
      if (fault != null) {
        return FaultResponses.render(fault, json);
      }
      return route(request.method().value(), relative(path), request, body);
    } catch (ScimException e) {
      return error(e);
    } catch (RuntimeException e) {
      // a bug in the fake must show as a readable 500, never as a dropped connection
      return error(new ScimException(500, Optional.empty(), "scim-testkit internal error: " + e));
    }
  }

  private HttpResponse control(HttpRequest request, String body) {
    try {
      if (!authorized(request)) {
        return error(new ScimException(401, Optional.empty(), "missing or wrong bearer token"));
      }
      String method = request.method().value();
      String what = request.getUri().path().substring(CONTROL.length());
      if (method.equals("GET") && what.equals("requests")) {
        return ok(200, recorder.toJson());
      }
      if (method.equals("GET") && what.equals("counters")) {
        return ok(200, json.valueToTree(recorder.counters()));
      }
      if (method.equals("GET") && what.equals("state")) {
        return ok(200, store.dump());
      }
      if (method.equals("POST") && what.equals("reset")) {
        store.reset();
        recorder.reset();
        faults.clear();
        rateLimit.reset();
        return HttpResponse.create().withStatus(204);
      }
      if (method.equals("POST") && what.equals("faults")) {
        try {
          faults.add(io.scimsync.testkit.fault.FaultRule.parse(body.trim()));
        } catch (IllegalArgumentException e) {
          throw new ScimException(400, Optional.of("invalidValue"), e.getMessage());
        }
        return HttpResponse.create().withStatus(204);
      }
      if (method.equals("DELETE") && what.equals("faults")) {
        faults.clear();
        return HttpResponse.create().withStatus(204);
      }
      throw new ScimException(404, Optional.empty(), "control endpoints: GET " + CONTROL
          + "requests, GET " + CONTROL + "counters, GET " + CONTROL + "state, POST " + CONTROL
          + "reset, POST/DELETE " + CONTROL + "faults");
    } catch (ScimException e) {
      return error(e);
    } catch (RuntimeException e) {
      // as for SCIM requests: a bug in the fake must show as a readable 500
      return error(new ScimException(500, Optional.empty(), "scim-testkit internal error: " + e));
    }
  }

  private HttpResponse route(String method, String path, HttpRequest request, String body) {
    String[] segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
    if (segments.length == 0) {
      throw new ScimException(404, Optional.empty(), "no resource at the base URL");
    }
    String collection = segments[0];
    Optional<String> id = segments.length > 1 ? Optional.of(decode(segments[1]))
        : Optional.empty();
    if (segments.length > 2) {
      throw new ScimException(404, Optional.empty(), "no resource at " + path);
    }
    switch (collection) {
      case "Users":
        return resources(ResourceStore.Kind.USERS, method, id, request, body);
      case "Groups":
        return resources(ResourceStore.Kind.GROUPS, method, id, request, body);
      case "ServiceProviderConfig":
      case "ServiceProviderConfigs":
        requireGet(method, path);
        if (!discovery.serviceProviderConfigPath().map(("/" + collection)::equals).orElse(false)
            || id.isPresent()) {
          throw new ScimException(404, Optional.empty(), "this server has no " + path);
        }
        return ok(200, discovery.serviceProviderConfig());
      case "ResourceTypes":
        requireGet(method, path);
        return ok(200, id.isEmpty() ? discovery.resourceTypes()
            : discovery.resourceType(id.get()).orElseThrow(() -> notFound(path)));
      case "Schemas":
        requireGet(method, path);
        return ok(200, id.isEmpty() ? discovery.schemas()
            : discovery.schema(id.get()).orElseThrow(() -> notFound(path)));
      case "Bulk":
      case "Me":
      case ".search":
        throw new ScimException(501, Optional.empty(), "/" + collection + " is not implemented");
      default:
        throw notFound(path);
    }
  }

  private HttpResponse resources(ResourceStore.Kind kind, String method, Optional<String> id,
                                 HttpRequest request, String body) {
    boolean groups = kind == ResourceStore.Kind.GROUPS;
    if (!method.equals("GET")) {
      if (profile.has(Quirk.WRITE_RATE_LIMIT)) {
        Optional<Duration> retryAfter = rateLimit.acquire();
        if (retryAfter.isPresent()) {
          return error(new ScimException(429, Optional.empty(), "write rate limit of "
              + profile.writesPerMinute() + " per minute exceeded"))
              .addHeader(RawHeader.create("Retry-After", Long.toString(retryAfter.get().toSeconds())));
        }
      }
    }
    Optional<String> ifMatch = request.getHeader("If-Match").map(HttpHeader::value)
        .filter(v -> profile.has(Quirk.ETAGS));
    switch (method) {
      case "GET":
        if (id.isPresent()) {
          return resource(200, shape(kind, select(store.get(kind, id.get()), request)));
        }
        return list(kind, request);
      case "POST":
        requireNoId(id, method);
        return resource(201, store.create(kind, object(body)));
      case "PUT":
        if (groups && profile.has(Quirk.NO_GROUP_PUT)) {
          throw new ScimException(405, Optional.empty(), "PUT on groups is not supported; use PATCH");
        }
        return resource(200, store.replace(kind, requireId(id, method), object(body), ifMatch));
      case "PATCH":
        if (profile.has(Quirk.NO_PATCH)) {
          throw new ScimException(405, Optional.empty(), "PATCH is not supported");
        }
        return resource(200, store.patch(kind, requireId(id, method), parse(body), ifMatch));
      case "DELETE":
        store.delete(kind, requireId(id, method), ifMatch);
        return HttpResponse.create().withStatus(204);
      default:
        throw new ScimException(405, Optional.empty(), method + " is not supported");
    }
  }

  private HttpResponse list(ResourceStore.Kind kind, HttpRequest request) {
    Map<String, String> query = query(request);
    int startIndex = integer(query, "startIndex").orElse(1);
    Optional<Integer> count = integer(query, "count");
    // RFC 9865 cursor paging, as AWS pages: "cursor" (empty for the first page) and "nextCursor"
    ListResult result = store.list(kind, new ListQuery(Optional.ofNullable(query.get("filter")),
        startIndex, count, Optional.ofNullable(query.get("cursor"))));
    ObjectNode list = json.createObjectNode();
    list.putArray("schemas").add(DiscoveryDocuments.LIST_SCHEMA);
    list.put("totalResults", result.totalResults());
    list.put("itemsPerPage", result.resources().size());
    if (query.containsKey("cursor")) {
      result.nextCursor().ifPresent(next -> list.put("nextCursor", next));
    } else {
      list.put("startIndex", result.startIndex());
    }
    ArrayNode resources = list.putArray("Resources");
    for (ObjectNode resource : result.resources()) {
      resources.add(shape(kind, select(withLocation(kind, resource), request)));
    }
    return ok(200, list);
  }

  /** GET responses without members where the profile says so (AWS). */
  private ObjectNode shape(ResourceStore.Kind kind, ObjectNode resource) {
    if (kind == ResourceStore.Kind.GROUPS && profile.has(Quirk.GROUP_GET_OMITS_MEMBERS)) {
      resource.remove("members");
    }
    return resource;
  }

  private ObjectNode select(ObjectNode resource, HttpRequest request) {
    Map<String, String> query = query(request);
    List<String> attributes = names(query.get("attributes"));
    List<String> excluded = names(query.get("excludedAttributes"));
    if (attributes.isEmpty() && excluded.isEmpty()) {
      return resource;
    }
    return ResourceStore.select(resource, attributes, excluded);
  }

  private HttpResponse resource(int status, ObjectNode resource) {
    String endpoint = resource.path("meta").path("resourceType").asText().equals("Group")
        ? "/Groups" : "/Users";
    ObjectNode located = resource;
    if (resource.hasNonNull("id") && resource.get("meta") instanceof ObjectNode meta) {
      meta.put("location", baseUrl.get() + endpoint + "/" + resource.get("id").asText());
    }
    HttpResponse response = ok(status, located);
    if (status == 201) {
      response = response.addHeader(RawHeader.create("Location",
          located.path("meta").path("location").asText()));
    }
    String version = located.path("meta").path("version").asText("");
    if (profile.has(Quirk.ETAGS) && !version.isEmpty()) {
      response = response.addHeader(RawHeader.create("ETag", version));
    }
    return response;
  }

  private ObjectNode withLocation(ResourceStore.Kind kind, ObjectNode resource) {
    if (resource.hasNonNull("id") && resource.get("meta") instanceof ObjectNode meta) {
      meta.put("location", baseUrl.get() + (kind == ResourceStore.Kind.GROUPS ? "/Groups/" : "/Users/")
          + resource.get("id").asText());
    }
    return resource;
  }

  private HttpResponse ok(int status, JsonNode body) {
    return HttpResponse.create().withStatus(status).withEntity(SCIM_JSON, bytes(body));
  }

  private HttpResponse error(ScimException e) {
    return HttpResponse.create().withStatus(e.status()).withEntity(SCIM_JSON, bytes(e.toErrorBody()));
  }

  private byte[] bytes(JsonNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode parse(String body) {
    if (body.isBlank()) {
      throw new ScimException(400, Optional.of("invalidSyntax"), "the request has no body");
    }
    try {
      return json.readTree(body);
    } catch (StreamConstraintsException e) {
      // the mapper's parser stops at ResourceStore.MAX_DEPTH, before anything recurses
      throw new ScimException(400, Optional.of("invalidSyntax"), e.getMessage().contains("nesting")
          ? "the body nests deeper than " + ResourceStore.MAX_DEPTH + " levels of objects and arrays"
          : "the body is not acceptable JSON: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new ScimException(400, Optional.of("invalidSyntax"),
          "the body is not JSON: " + e.getOriginalMessage());
    }
  }

  private ObjectNode object(String body) {
    JsonNode node = parse(body);
    if (!(node instanceof ObjectNode object)) {
      throw new ScimException(400, Optional.of("invalidSyntax"), "the body must be a JSON object");
    }
    return object;
  }

  private boolean authorized(HttpRequest request) {
    if (token.isEmpty()) {
      return true;
    }
    return request.getHeader("Authorization").map(HttpHeader::value)
        .map(v -> v.equals("Bearer " + token.get())).orElse(false);
  }

  private void record(Recorder.Arrival arrival, HttpRequest request, String body,
                      HttpResponse response, FaultAction fault) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (HttpHeader header : request.getHeaders()) {
      // Pekko adds Timeout-Access itself; it is not part of what the client sent
      if (!header.is("timeout-access")) {
        headers.add(Map.entry(header.name(), header.value()));
      }
    }
    // Pekko keeps Content-Type on the entity, not among the headers; the client did send it
    if (!body.isEmpty()) {
      headers.add(Map.entry("Content-Type", request.entity().getContentType().toString()));
    }
    recorder.record(arrival, request.method().value(), relative(request.getUri().path()),
        request.getUri().rawQueryString().orElse(""), headers, body,
        fault instanceof FaultAction.DropConnection ? 0 : response.status().intValue(),
        Optional.ofNullable(fault).map(FaultAction::spec));
  }

  private Map<String, String> query(HttpRequest request) {
    Map<String, String> query = new LinkedHashMap<>();
    for (Pair<String, String> pair : request.getUri().query().toList()) {
      query.putIfAbsent(pair.first(), pair.second());
    }
    return query;
  }

  private static Optional<Integer> integer(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new ScimException(400, Optional.of("invalidValue"),
          name + " must be an integer, got '" + value + "'");
    }
  }

  private static List<String> names(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private String relative(String path) {
    return path.startsWith(basePath) ? path.substring(basePath.length()) : path;
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void requireGet(String method, String path) {
    if (!method.equals("GET")) {
      throw new ScimException(405, Optional.empty(), method + " is not allowed on " + path);
    }
  }

  private static void requireNoId(Optional<String> id, String method) {
    if (id.isPresent()) {
      throw new ScimException(405, Optional.empty(), method + " is not allowed on a resource");
    }
  }

  private static String requireId(Optional<String> id, String method) {
    return id.orElseThrow(() -> new ScimException(405, Optional.empty(),
        method + " needs a resource id"));
  }

  private static ScimException notFound(String path) {
    return new ScimException(404, Optional.empty(), "no resource at " + path);
  }
}
