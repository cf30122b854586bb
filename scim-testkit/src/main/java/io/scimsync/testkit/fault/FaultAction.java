package io.scimsync.testkit.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * What the fake server does instead of (or before) handling a request normally. The HTTP layer
 * renders each variant; these values only say what to do. {@link Latency} is the only non-terminal
 * action: the request is handled (or faulted) after the delay.
 */
public sealed interface FaultAction {

  /** False only for {@link Latency}, which delays the request but still lets it be answered. */
  default boolean terminal() {
    return true;
  }

  /**
   * This action in the command-line syntax of {@link FaultRule#parse}, e.g. {@code status=503
   * retry-after=2}; also what the recorder stores as the fault that answered a request.
   */
  String spec();

  /**
   * Answer {@code status} with a SCIM error body (RFC 7644 §3.12), with a {@code Retry-After}
   * header when {@code retryAfter} is present.
   */
  record Status(int status, Optional<Duration> retryAfter) implements FaultAction {
    public Status {
      requireStatus(status);
      Objects.requireNonNull(retryAfter, "retryAfter");
      retryAfter.ifPresent(d -> {
        requireNonNegative(d, "retryAfter");
        // the header carries delay-seconds only (RFC 9110 §10.2.3): refuse what it cannot say
        if (d.getNano() != 0) {
          throw new IllegalArgumentException("retryAfter must be whole seconds, got " + d);
        }
      });
    }

    /** A status without {@code Retry-After}. */
    public Status(int status) {
      this(status, Optional.empty());
    }

    @Override
    public String spec() {
      return "status=" + status + retryAfter.map(d -> " retry-after=" + d.getSeconds()).orElse("");
    }
  }

  /** Wait {@code delay}, then handle the request normally (or apply the terminal fault). */
  record Latency(Duration delay) implements FaultAction {
    public Latency {
      requireNonNegative(delay, "delay");
    }

    @Override
    public boolean terminal() {
      return false;
    }

    @Override
    public String spec() {
      return "latency=" + FaultRule.formatDuration(delay);
    }
  }

  /** Close the connection without sending any response. */
  record DropConnection() implements FaultAction {
    @Override
    public String spec() {
      return "drop";
    }
  }

  /**
   * Answer {@code status} with an HTML error page as {@code text/html}, as a proxy or load balancer
   * in front of the real target would.
   */
  record Html(int status) implements FaultAction {
    public Html {
      requireStatus(status);
    }

    @Override
    public String spec() {
      return "html=" + status;
    }
  }

  /**
   * Answer 200 with a {@code Content-Length} larger than the bytes actually sent, then close the
   * connection: the client sees a premature end of body.
   */
  record TruncatedBody() implements FaultAction {
    @Override
    public String spec() {
      return "truncated";
    }
  }

  /** Answer 200 with a well-formed-looking JSON body of exactly {@code bytes} bytes. */
  record HugeBody(long bytes) implements FaultAction {
    public HugeBody {
      if (bytes <= 0) {
        throw new IllegalArgumentException("bytes must be > 0, got " + bytes);
      }
    }

    @Override
    public String spec() {
      return "huge=" + FaultRule.formatSize(bytes);
    }

    /**
     * The body as chunks of at most {@code chunkSize} bytes, generated lazily so a 64 MB body
     * costs no more memory than one chunk. From 111 bytes up it is an empty SCIM ListResponse
     * whose padding attribute fills the size, hence valid JSON; smaller sizes are the start of a
     * JSON string (a client must still read and reject it).
     */
    public Iterator<byte[]> chunks(int chunkSize) {
      if (chunkSize <= 0) {
        throw new IllegalArgumentException("chunkSize must be > 0, got " + chunkSize);
      }
      byte[] head = ("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
          + "\"totalResults\":0,\"Resources\":[],\"padding\":\"").getBytes(StandardCharsets.US_ASCII);
      byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
      boolean framed = bytes >= head.length + tail.length;
      long total = bytes;
      return new Iterator<>() {
        private long sent;

        @Override
        public boolean hasNext() {
          return sent < total;
        }

        @Override
        public byte[] next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          int n = (int) Math.min(chunkSize, total - sent);
          byte[] chunk = new byte[n];
          for (int i = 0; i < n; i++) {
            chunk[i] = byteAt(sent + i);
          }
          sent += n;
          return chunk;
        }

        private byte byteAt(long pos) {
          if (!framed) {
            return pos == 0 ? (byte) '"' : (byte) 'x';
          }
          if (pos < head.length) {
            return head[(int) pos];
          }
          long fromEnd = total - pos;
          if (fromEnd <= tail.length) {
            return tail[tail.length - (int) fromEnd];
          }
          return (byte) 'x';
        }
      };
    }
  }

  /**
   * Answer {@code status} declared as {@code application/scim+json} with a body that is not JSON,
   * as a misbehaving target or a broken gateway might.
   */
  record InvalidJson(int status) implements FaultAction {
    public InvalidJson {
      requireStatus(status);
    }

    /** Invalid JSON answered with 200, the case a client is least likely to check. */
    public InvalidJson() {
      this(200);
    }

    @Override
    public String spec() {
      return status == 200 ? "invalid-json" : "invalid-json=" + status;
    }
  }

  /**
   * Answer 200 with a SCIM user whose {@code nested} attribute holds objects inside objects, so
   * that the whole body nests {@code levels} levels of objects: a client must refuse it without
   * overflowing its stack. Valid JSON, and the same body for a GET by id or a list.
   */
  record DeepJson(int levels) implements FaultAction {
    /** Deep enough for any parser limit, small enough to build in memory (about 5 bytes a level). */
    public static final int MAX_LEVELS = 10_000_000;

    public DeepJson {
      if (levels < 2 || levels > MAX_LEVELS) {
        throw new IllegalArgumentException("levels must be 2.." + MAX_LEVELS + ", got " + levels);
      }
    }

    @Override
    public String spec() {
      return "deep=" + levels;
    }

    /** {@code {"schemas":[...],"id":"deep","userName":"deep","nested":{"a":{"a":...{}...}}}}. */
    public byte[] body() {
      String head = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
          + "\"id\":\"deep\",\"userName\":\"deep\",\"nested\":";
      int objects = levels - 1;
      StringBuilder out = new StringBuilder(head.length() + objects * 6 + 2);
      out.append(head);
      for (int i = 1; i < objects; i++) {
        out.append("{\"a\":");
      }
      out.append("{}");
      for (int i = 1; i < objects; i++) {
        out.append('}');
      }
      return out.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static void requireStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599, got " + status);
    }
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }
}
