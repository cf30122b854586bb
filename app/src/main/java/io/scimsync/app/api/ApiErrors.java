package io.scimsync.app.api;

import io.scimsync.app.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON responses, and the one place that decides which failure the caller may read about: bad
 * input is described (400, naming the field); anything else is logged here and answered with a
 * fixed 500 text, since exception messages can carry SQL, hosts or secrets.
 */
final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

  static final String INTERNAL_ERROR = "internal error; see the daemon's log";

  private ApiErrors() {}

  static HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, JsonBodies.write(body));
  }

  static HttpResponse error(StatusCode status, String message) {
    return json(status, Map.of("error", message));
  }

  static HttpResponse badRequest(String field, String problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", problem);
    body.put("field", field);
    return json(StatusCodes.BAD_REQUEST, body);
  }

  static HttpResponse badRequest(InvalidFieldException e) {
    return badRequest(e.field(), e.problem());
  }

  /**
   * The answer to a failed request.
   *
   * @param fallbackField the field a plain {@link IllegalArgumentException} from the backend is
   *                      about (the directory store reports unknown member ids that way), or
   *                      null if such a failure is the daemon's fault (500)
   */
  static HttpResponse failure(HttpRequest request, Throwable failure, String fallbackField) {
    Throwable cause = unwrap(failure);
    if (cause instanceof InvalidFieldException invalid) {
      return badRequest(invalid);
    }
    if (cause instanceof IllegalArgumentException && fallbackField != null
        && cause.getMessage() != null) {
      return badRequest(fallbackField, cause.getMessage());
    }
    LOG.error("admin API: {} {} failed", request.method().value(), request.getUri().path(), cause);
    return error(StatusCodes.INTERNAL_SERVER_ERROR, INTERNAL_ERROR);
  }

  /** The exception itself, not the wrappers stages and executors put around it. */
  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
