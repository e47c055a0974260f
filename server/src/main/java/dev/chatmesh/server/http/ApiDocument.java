package dev.chatmesh.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI 3.1 description of the REST API ({@code openapi.json} on the class path)
 * at {@code /api/openapi.json}, without a session, so generators and validators can fetch it.
 */
public final class ApiDocument {

  private final Buffer document;

  /** Reads the document once. */
  public ApiDocument() {
    try (InputStream in = ApiDocument.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the class path");
      }
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mounts the route; mount it before the session check. */
  public void mount(Router router) {
    router.get("/api/openapi.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json").end(document));
    router.route("/api/openapi.json").handler(Problems.allowOnly("GET"));
  }
}
