package dev.chatmesh.server.inbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * What the three send APIs share: a bounded POST, and the rule that an answer that never came,
 * a 5xx and a 429 are worth retrying while the platform's own verdict on a message is final.
 * Every reason goes through {@link #scrub} so a token in a URL or an echo never reaches the
 * database, an answer or a log line.
 */
final class Calls {

  /** Longest wait a Retry-After may ask for; beyond it our own backoff applies. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
  private static final int MAX_REASON = 500;

  private Calls() {
  }

  /**
   * Posts {@code body} and reads a 2xx/4xx answer with {@code read}; transport failures, 5xx
   * and 429 become {@link Outcome.Retry}. The returned future always succeeds.
   */
  static Future<Outcome> post(HttpRequest<Buffer> request, JsonObject body, String token,
                              Duration timeout, Function<HttpResponse<Buffer>, Outcome> read) {
    return request.timeout(timeout.toMillis()).sendJsonObject(body)
        .map(response -> answer(response, read))
        .otherwise(failure -> new Outcome.Retry(transport(failure, timeout), null))
        .map(outcome -> scrubbed(outcome, token));
  }

  private static Outcome answer(HttpResponse<Buffer> response,
                                Function<HttpResponse<Buffer>, Outcome> read) {
    int status = response.statusCode();
    if (status == 429) {
      return new Outcome.Retry("rate limited (HTTP 429)",
          retryAfter(response.getHeader("Retry-After")));
    }
    if (status >= 500) {
      return new Outcome.Retry("HTTP " + status + excerpt(response), null);
    }
    try {
      return read.apply(response);
    } catch (RuntimeException e) {
      // A 2xx we cannot read may still have been sent: failing it is safer than sending twice.
      return new Outcome.Failed("unreadable answer (HTTP " + status + ")" + excerpt(response));
    }
  }

  /** The platform's JSON answer, or an empty object when there is none. */
  static JsonObject json(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
  }

  private static String excerpt(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return "";
    }
    String text = body.toString().strip().replaceAll("\\s+", " ");
    return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  private static String transport(Throwable failure, Duration timeout) {
    // Vert.x names the request URI (with Facebook's access_token query) in timeout messages.
    if (failure instanceof java.util.concurrent.TimeoutException
        || String.valueOf(failure.getMessage()).contains("timeout period")) {
      return "no answer within " + timeout.toSeconds() + " s";
    }
    return "could not reach the platform: " + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : " " + failure.getMessage());
  }

  /** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      Duration wait;
      if (header.strip().matches("\\d{1,9}")) {
        wait = Duration.ofSeconds(Long.parseLong(header.strip()));
      } else {
        wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(header.strip(),
            DateTimeFormatter.RFC_1123_DATE_TIME));
      }
      if (wait.isNegative()) {
        return Duration.ZERO;
      }
      return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Outcome scrubbed(Outcome outcome, String token) {
    return switch (outcome) {
      case Outcome.Sent sent -> sent;
      case Outcome.Retry retry -> new Outcome.Retry(scrub(retry.reason(), token),
          retry.retryAfter());
      case Outcome.Failed failed -> new Outcome.Failed(scrub(failed.reason(), token));
    };
  }

  /** {@code text} without {@code secret} in it, cut to a length that fits an answer. */
  static String scrub(String text, String secret) {
    String clean = text == null ? "" : text;
    if (secret != null && !secret.isEmpty()) {
      clean = clean.replace(secret, "***");
    }
    return clean.length() > MAX_REASON ? clean.substring(0, MAX_REASON) + "…" : clean;
  }
}
