package io.scimsync.testkit.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scimsync.testkit.fault.PathGlob;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every request a fake server answered, in arrival order, with secrets redacted, plus counters per
 * endpoint. Thread-safe and cheap enough for every request of a benchmark: bodies are parsed only
 * when they mention a secret key, and at most {@code capacity} requests are kept (the oldest are
 * dropped and counted) so a long run cannot exhaust memory.
 *
 * <p>The HTTP layer calls {@link #arrive()} when a request comes in and {@link #record(Arrival,
 * String, String, String, List, String, int, Optional)} when its answer is done, so that the
 * order is that of arrival even when a slow request finishes after later ones.
 */
public final class Recorder {

  /** Requests kept by default: enough for any test, about 100 MB for typical SCIM bodies. */
  public static final int DEFAULT_CAPACITY = 100_000;

  /** Body characters kept per request by default; the rest is replaced by a marker. */
  public static final int DEFAULT_MAX_BODY_CHARS = 1 << 20;

  /**
   * A ticket taken when a request arrives: its sequence number and arrival time. A ticket taken
   * before a {@link #reset()} is not recorded after it, so a straggler from an earlier test does not
   * show up in the next one.
   */
  public static final class Arrival {
    private final long sequence;
    private final Instant receivedAt;
    private final long startNanos;
    private final long epoch;

    private Arrival(long sequence, Instant receivedAt, long startNanos, long epoch) {
      this.sequence = sequence;
      this.receivedAt = receivedAt;
      this.startNanos = startNanos;
      this.epoch = epoch;
    }

    /** The sequence number the request will be recorded with. */
    public long sequence() {
      return sequence;
    }

    /** When the request arrived. */
    public Instant receivedAt() {
      return receivedAt;
    }
  }

  private final int capacity;
  private final int maxBodyChars;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong open = new AtomicLong();
  private final ConcurrentSkipListMap<Long, RecordedRequest> requests = new ConcurrentSkipListMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
  // recording shares the read lock; reset takes the write lock so nothing recorded across it survives
  private final ReadWriteLock resetLock = new ReentrantReadWriteLock();
  private volatile long epoch;

  /** A recorder keeping {@link #DEFAULT_CAPACITY} requests. */
  public Recorder() {
    this(DEFAULT_CAPACITY);
  }

  /** A recorder keeping the last {@code capacity} requests. */
  public Recorder(int capacity) {
    this(capacity, DEFAULT_MAX_BODY_CHARS, Clock.systemUTC());
  }

  /**
   * A recorder keeping the last {@code capacity} requests, each body cut to {@code maxBodyChars}
   * characters, with arrival times from {@code clock}.
   */
  public Recorder(int capacity, int maxBodyChars, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    if (maxBodyChars < 0) {
      throw new IllegalArgumentException("maxBodyChars must be >= 0, got " + maxBodyChars);
    }
    this.capacity = capacity;
    this.maxBodyChars = maxBodyChars;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes the ticket of a request that has just arrived. */
  public Arrival arrive() {
    open.incrementAndGet();
    return new Arrival(sequence.incrementAndGet(), clock.instant(), System.nanoTime(), epoch);
  }

  /**
   * Records a finished exchange that arrived with {@code arrival}; the duration is measured from
   * {@link #arrive()}.
   *
   * @param path the request path; a query string after {@code ?} is split off when {@code
   *     rawQuery} is null
   * @param rawQuery the query string as sent, without {@code ?}; null or empty when none
   * @param headers request headers as name/value pairs, in the order received (null: none)
   * @param body the request body as received; null or empty when none
   * @param status the status answered, or 0 when the connection was dropped without an answer
   * @param fault the spec of the injected fault that answered or delayed the request, if any
   * @return what was stored (also returned when a reset since {@code arrival} kept it out)
   */
  public RecordedRequest record(Arrival arrival, String method, String path, String rawQuery,
      List<Map.Entry<String, String>> headers, String body, int status, Optional<String> fault) {
    try {
      Duration duration = Duration.ofNanos(Math.max(0, System.nanoTime() - arrival.startNanos));
      RecordedRequest request = build(arrival.sequence, arrival.receivedAt, method, path,
          rawQuery, headers, body, status, duration, fault);
      store(request, arrival.epoch);
      return request;
    } finally {
      open.decrementAndGet();
    }
  }

  /** A request that arrived ends without an answer to record. */
  public void abandon(Arrival arrival) {
    Objects.requireNonNull(arrival, "arrival");
    open.decrementAndGet();
  }

  /**
   * Requests that arrived and are not answered yet: a delayed one still waits, and its write
   * (applied when its delay is over) is still to come. Not affected by {@link #reset()}.
   */
  public long inFlight() {
    return open.get();
  }

  /**
   * Records a finished exchange in one call, for callers that measured the duration themselves: it
   * takes its sequence number now and arrived {@code duration} ago. Parameters as in {@link
   * #record(Arrival, String, String, String, List, String, int, Optional)}.
   */
  public RecordedRequest record(String method, String path, String rawQuery,
      List<Map.Entry<String, String>> headers, String body, int status, Duration duration,
      Optional<String> fault) {
    long currentEpoch = epoch;
    RecordedRequest request = build(sequence.incrementAndGet(), clock.instant().minus(duration),
        method, path, rawQuery, headers, body, status, duration, fault);
    store(request, currentEpoch);
    return request;
  }

  /** The kept requests in arrival order (by sequence). */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests.values());
  }

  /**
   * The kept requests with {@code method} (case-insensitive; {@code "*"} for any) whose path
   * matches {@code pathGlob} ({@link PathGlob} syntax, as in fault rules), in arrival order.
   */
  public List<RecordedRequest> requests(String method, String pathGlob) {
    PathGlob.validate(pathGlob);
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest request : requests.values()) {
      if ((method.equals("*") || request.method().equalsIgnoreCase(method))
          && PathGlob.matches(pathGlob, request.path())) {
        matching.add(request);
      }
    }
    return List.copyOf(matching);
  }

  /**
   * Requests per endpoint since the last reset, including those no longer kept, keyed like
   * {@code "PATCH /Groups/{id}"} (see {@link #endpoint(String)}), sorted by key.
   */
  public Map<String, Long> counters() {
    Map<String, Long> snapshot = new TreeMap<>();
    counters.forEach((key, count) -> snapshot.put(key, count.sum()));
    return Collections.unmodifiableMap(snapshot);
  }

  /**
   * Requests since the last reset with {@code method} to {@code pathTemplate}, e.g. {@code
   * count("PATCH", "/Groups/{id}")}; 0 when none.
   */
  public long count(String method, String pathTemplate) {
    LongAdder count = counters.get(method.toUpperCase(Locale.ROOT) + " " + pathTemplate);
    return count == null ? 0 : count.sum();
  }

  /** Requests dropped since the last reset because more than {@link #capacity()} arrived. */
  public long dropped() {
    return dropped.get();
  }

  /** How many requests are kept at most. */
  public int capacity() {
    return capacity;
  }

  /** The kept requests as a JSON array, in arrival order. */
  public ArrayNode toJson() {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (RecordedRequest request : requests.values()) {
      array.add(request.toJson());
    }
    return array;
  }

  /**
   * Forgets every request, counter and dropped count. Sequence numbers keep increasing; requests
   * that arrived before the reset and finish after it are not recorded.
   */
  public void reset() {
    resetLock.writeLock().lock();
    try {
      epoch++;
      requests.clear();
      size.set(0);
      dropped.set(0);
      counters.clear();
    } finally {
      resetLock.writeLock().unlock();
    }
  }

  /**
   * The endpoint of {@code path}: the segment after {@code Users} or {@code Groups} becomes {@code
   * {id}}, so {@code /scim/v2/Groups/42} counts as {@code /scim/v2/Groups/{id}}. Segments starting
   * with a dot ({@code /Users/.search}, RFC 7644 §3.4.3) are endpoints, not ids, and stay.
   */
  public static String endpoint(String path) {
    int query = path.indexOf('?');
    String p = query >= 0 ? path.substring(0, query) : path;
    if (!p.contains("/Users/") && !p.contains("/Groups/")) {
      return p; // most paths of a benchmark: no split, no copy
    }
    String[] segments = p.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String previous = segments[i - 1];
      String segment = segments[i];
      if ((previous.equals("Users") || previous.equals("Groups"))
          && !segment.isEmpty() && !segment.startsWith(".")) {
        segments[i] = "{id}";
      }
    }
    return String.join("/", segments);
  }

  /** Decoded parameters of a raw query string, in order; a repeated name keeps its first value. */
  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : decode(part.substring(eq + 1));
      if (Redaction.isSecretParameter(name) && !value.isEmpty()) {
        value = Redaction.REDACTED;
      }
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private RecordedRequest build(long seq, Instant receivedAt, String method, String path,
      String rawQuery, List<Map.Entry<String, String>> headers, String body, int status,
      Duration duration, Optional<String> fault) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    int q = path.indexOf('?');
    if (q >= 0) {
      if (rawQuery == null) {
        rawQuery = path.substring(q + 1);
      }
      path = path.substring(0, q);
    }
    Map<String, List<String>> redactedHeaders = new LinkedHashMap<>();
    if (headers != null) {
      for (Map.Entry<String, String> header : headers) {
        String name = existingName(redactedHeaders, header.getKey());
        redactedHeaders.computeIfAbsent(name, n -> new ArrayList<>(1))
            .add(Redaction.header(header.getKey(), header.getValue()));
      }
    }
    return new RecordedRequest(seq, receivedAt, method.toUpperCase(Locale.ROOT), path,
        parseQuery(rawQuery), redactedHeaders, cut(Redaction.body(body)), status, duration, fault);
  }

  private void store(RecordedRequest request, long arrivalEpoch) {
    String key = request.method() + " " + endpoint(request.path());
    resetLock.readLock().lock();
    try {
      if (arrivalEpoch != epoch) {
        return;
      }
      counters.computeIfAbsent(key, k -> new LongAdder()).increment();
      requests.put(request.sequence(), request);
      // each insert that overflows removes one oldest entry: the map may briefly hold a few more
      // than capacity while threads race, never more than capacity + threads
      if (size.incrementAndGet() > capacity && requests.pollFirstEntry() != null) {
        size.decrementAndGet();
        dropped.incrementAndGet();
      }
    } finally {
      resetLock.readLock().unlock();
    }
  }

  private String cut(String body) {
    if (body == null || body.length() <= maxBodyChars) {
      return body;
    }
    int end = maxBodyChars;
    if (end > 0 && Character.isHighSurrogate(body.charAt(end - 1))) {
      end--; // do not split a surrogate pair
    }
    return body.substring(0, end) + "...[cut " + (body.length() - end) + " chars]";
  }

  private static String existingName(Map<String, List<String>> headers, String name) {
    // header names are case-insensitive: group "accept" with an earlier "Accept"
    for (String existing : headers.keySet()) {
      if (existing.equalsIgnoreCase(name)) {
        return existing;
      }
    }
    return name;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // malformed %-escape: keep what the client sent
    }
  }
}
