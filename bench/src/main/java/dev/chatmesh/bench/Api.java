package dev.chatmesh.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** A small JSON-over-HTTP client for setup, publishes and REST writes against one server. */
final class Api implements AutoCloseable {

  private final HttpClient client;

  /**
   * A client for 127.0.0.1:{@code port} with up to {@code connections} keep-alive connections;
   * with {@code ordered}, one pipelined connection so requests reach the server in send order.
   */
  Api(Vertx vertx, int port, int connections, boolean ordered) {
    HttpClientOptions options = new HttpClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(port)
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setPipelining(ordered)
        .setPipeliningLimit(1024);
    this.client = vertx.createHttpClient(options,
        new PoolOptions().setHttp1MaxSize(ordered ? 1 : connections));
  }

  /** An HTTP answer. */
  record Reply(int status, Buffer body) {
    JsonObject json() {
      return body.length() == 0 ? new JsonObject() : new JsonObject(body);
    }

    /** The reply, or a failure naming what was asked when the status is not {@code expected}. */
    Reply expect(int expected, String what) {
      if (status != expected) {
        throw new IllegalStateException(what + " answered " + status + ": " + body);
      }
      return this;
    }
  }

  /** Sends one request with an optional body; {@code headers} may be null. */
  Future<Reply> send(HttpMethod method, String path, MultiMap headers, Buffer body) {
    // every run must end by itself: no request may wait forever on a stuck server
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path)
        .setConnectTimeout(10_000).setIdleTimeout(60_000);
    if (headers != null) {
      options.setHeaders(headers);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b)));
  }

  /** Sends {@code json} and expects {@code expected}. */
  Future<JsonObject> json(HttpMethod method, String path, MultiMap headers, JsonObject json,
                          int expected) {
    String what = method + " " + path;
    return send(method, path, headers, json == null ? null : json.toBuffer())
        .map(reply -> reply.expect(expected, what).json());
  }

  /** Headers for a bearer token and, when not null, a company. */
  static MultiMap bearer(String token, String companyId) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
    if (companyId != null) {
      headers.add("X-Company-Id", companyId);
    }
    return headers;
  }

  @Override
  public void close() {
    client.close();
  }
}
