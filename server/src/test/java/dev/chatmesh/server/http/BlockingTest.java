package dev.chatmesh.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value that cannot be serialized is answered 500 problem+json at once, whether the handler
 * answers directly or after blocking work; the request is never left without an answer.
 */
class BlockingTest {

  static Vertx vertx;
  static HttpServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A body whose serialization throws, as a too-deep or cyclic value would. */
  public static final class Unwritable {
    /** Fails like any serializer error would. */
    public String getValue() {
      throw new IllegalStateException("cannot be written");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().failureHandler(Problems::handle);
    router.get("/direct").handler(ctx -> Blocking.send(ctx, 200, new Unwritable()));
    router.get("/blocking").handler(ctx -> Blocking.respond(ctx, 200, Unwritable::new));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.actualPort() + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBodyThatCannotBeSerializedIsA500ProblemWhenSentDirectly() throws Exception {
    HttpResponse<String> res = get("/direct");
    assertThat(res.statusCode()).isEqualTo(500);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(res.body()).contains("Something went wrong on our side.");
  }

  @Test
  void aBodyThatCannotBeSerializedIsA500ProblemAfterBlockingWork() throws Exception {
    HttpResponse<String> res = get("/blocking");
    assertThat(res.statusCode()).isEqualTo(500);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/problem+json");
  }
}
