package io.scimsync.domain.engine;

/**
 * Classifies replies by HTTP status first, because vendors omit or misuse {@code scimType}
 * (Sentry sends 409 without one).
 *
 * <p>Permanent: 400, 401, 403, 405, 501, every other 4xx not named below, 3xx (redirects are not
 * followed: a SCIM base URL that redirects is misconfigured), and a 2xx whose body is not JSON.
 * Transient: 408, 412 (stale version: re-read and retry), 429, 500, 502, 503, 504, other 5xx, and
 * every reply that never arrived. authentik retried 400/401 and dropped 5xx alike (W6).
 */
public final class ReplyClassifier {
  private ReplyClassifier() {}

  public static ReplyClass classify(ScimReply reply) {
    if (reply instanceof ScimReply.Received r) {
      return byStatus(r.status());
    }
    if (reply instanceof ScimReply.Unreadable u) {
      return u.status() >= 200 && u.status() < 300 ? ReplyClass.PERMANENT : byStatus(u.status());
    }
    if (reply instanceof ScimReply.NotDelivered) {
      return ReplyClass.TRANSIENT;
    }
    return ReplyClass.DRY_RUN;
  }

  public static ReplyClass byStatus(int status) {
    if (status >= 200 && status < 300) {
      return ReplyClass.SUCCESS;
    }
    return switch (status) {
      case 404, 410 -> ReplyClass.GONE;
      case 409 -> ReplyClass.CONFLICT;
      case 408, 412, 429 -> ReplyClass.TRANSIENT;
      case 501 -> ReplyClass.PERMANENT;
      default -> status >= 500 ? ReplyClass.TRANSIENT : ReplyClass.PERMANENT;
    };
  }

  /** PUT answered 405 or 501: the target does not implement the method. */
  public static boolean methodUnsupported(ScimReply reply) {
    int status = reply instanceof ScimReply.Received r ? r.status()
        : reply instanceof ScimReply.Unreadable u ? u.status() : 0;
    return status == 405 || status == 501;
  }
}
