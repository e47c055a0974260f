package dev.chatmesh.server.http;

import java.util.List;

/**
 * A failure the client caused or must know about; rendered as RFC 9457 problem+json with the
 * given status. Nothing has been changed when one is thrown inside a transaction.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final long retryAfterSeconds;

  /** A problem with a status, a short title and a detail sentence. */
  public ApiException(int status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  /** A problem with field-level validation errors. */
  public ApiException(int status, String title, String detail, List<FieldError> errors) {
    this(status, title, detail, errors, 0);
  }

  private ApiException(int status, String title, String detail, List<FieldError> errors,
                       long retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The same problem, answered with a {@code Retry-After} of {@code seconds}. */
  public ApiException retryAfter(long seconds) {
    return new ApiException(status, title, getMessage(), errors, Math.max(1, seconds));
  }

  /** Seconds for the {@code Retry-After} header, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** 400: the request could not be understood. */
  public static ApiException badRequest(String detail) {
    return new ApiException(400, "Bad Request", detail);
  }

  /** 401: no valid credentials. */
  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "Unauthorized", detail);
  }

  /** 403: authenticated, but not allowed. */
  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail);
  }

  /** 404: no such thing in this company. */
  public static ApiException notFound(String what) {
    return new ApiException(404, "Not Found", what + " not found");
  }

  /** 409: the state changed under the client, or the change conflicts with it. */
  public static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail);
  }

  /** 422: well-formed, but the values are not acceptable. */
  public static ApiException invalid(List<FieldError> errors) {
    return new ApiException(422, "Unprocessable Content",
        "The request has invalid fields; see errors.", errors);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The problem title. */
  public String title() {
    return title;
  }

  /** Field errors, possibly empty. */
  public List<FieldError> errors() {
    return errors;
  }

  /**
   * One invalid field.
   *
   * @param field   the JSON field name
   * @param message what is wrong with it
   */
  public record FieldError(String field, String message) {
  }
}
