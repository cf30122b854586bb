package io.scimsync.testkit.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A deliberately plain load generator, in the spirit of wrk: a few keep-alive connections, each a
 * thread sending one GET after the other and reading the response by its Content-Length. It has
 * almost no overhead of its own, so what it measures is the server. Bounded in requests and time,
 * and only ever aimed at the URL it is given.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  /** What a run measured. Latencies in microseconds. */
  public record Result(long requests, long errors, Duration elapsed, long p50Micros,
                       long p99Micros) {
    public double requestsPerSecond() {
      return requests / (elapsed.toNanos() / 1e9);
    }
  }

  /**
   * One request to send: {@code body} is JSON (sent as {@code application/scim+json}), or null
   * for none.
   */
  public record Request(String method, String path, String body) {
    public static Request get(String path) {
      return new Request("GET", path, null);
    }
  }

  /**
   * Sends GETs to {@code baseUrl + path.apply(i)} over {@code connections} keep-alive connections
   * until {@code totalRequests} were answered or {@code maxTime} passed.
   */
  public static Result run(String baseUrl, IntFunction<String> path, int connections,
                           long totalRequests, Duration maxTime, String authorization)
      throws Exception {
    return send(baseUrl, i -> Request.get(path.apply(i)), connections, totalRequests, maxTime,
        authorization);
  }

  /**
   * Sends {@code request.apply(i)} for i = 0, 1, ... over {@code connections} keep-alive
   * connections until {@code totalRequests} were answered or {@code maxTime} passed: a mix of
   * writes measures the server on the same work as a client that writes.
   */
  public static Result send(String baseUrl, IntFunction<Request> request, int connections,
                            long totalRequests, Duration maxTime, String authorization)
      throws Exception {
    IntFunction<Request> path = request;
    URI base = URI.create(baseUrl);
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long deadline = System.nanoTime() + maxTime.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    long started = System.nanoTime();
    List<Future<long[]>> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      workers.add(pool.submit(() -> connection(base, path, issued, errors, totalRequests, deadline,
          authorization)));
    }
    List<long[]> latencies = new ArrayList<>();
    try {
      for (Future<long[]> worker : workers) {
        latencies.add(worker.get());
      }
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    long p50 = all.length == 0 ? 0 : all[(int) (all.length * 0.50)] / 1000;
    long p99 = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1000;
    return new Result(all.length, errors.get(), elapsed, p50, p99);
  }

  private static long[] connection(URI base, IntFunction<Request> path, AtomicLong issued,
                                   AtomicLong errors, long total, long deadline,
                                   String authorization) throws IOException {
    long[] latencies = new long[(int) Math.min(total, 10_000_000)];
    int count = 0;
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      String host = base.getHost() + ":" + base.getPort();
      long i;
      while ((i = issued.getAndIncrement()) < total && System.nanoTime() < deadline) {
        Request next = path.apply((int) i);
        byte[] body = next.body() == null ? new byte[0]
            : next.body().getBytes(StandardCharsets.UTF_8);
        String request = next.method() + " " + base.getPath() + next.path()
            + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/scim+json\r\n"
            + (next.body() == null ? "" : "Content-Type: application/scim+json\r\n"
                + "Content-Length: " + body.length + "\r\n")
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        long sent = System.nanoTime();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
        int status = readResponse(in);
        latencies[count++] = System.nanoTime() - sent;
        if (status >= 400) {
          errors.incrementAndGet();
        }
      }
    }
    return Arrays.copyOf(latencies, count);
  }

  /** Reads one response, returns its status; the body is skipped by Content-Length. */
  private static int readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(header.substring(15).trim());
      }
    }
    while (length > 0) {
      long skipped = in.skip(length);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed inside a body");
        }
        skipped = 1;
      }
      length -= skipped;
    }
    return status;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
