package dev.chatmesh.bench.jmh;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;

import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.util.Set;

/**
 * An {@link HttpServerResponse} that sends nothing: it counts the writes and bytes it is handed,
 * so a benchmark measures the hub's own work per delivery without the socket. Its counters are
 * written by one event loop and read by the benchmark thread.
 */
final class NullResponse implements HttpServerResponse {

  private static final Future<Void> DONE = Future.succeededFuture();

  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  volatile long bytes;
  /** What the benchmark expects {@link #bytes} to reach; benchmark thread only. */
  long expect;
  private boolean ended;

  /**
   * A request whose {@code response()} is {@code response}; the hub asks a request for nothing
   * else on the paths benchmarked (a dynamic proxy is fine: it is only called at open).
   */
  static HttpServerRequest requestFor(NullResponse response) {
    return (HttpServerRequest) Proxy.newProxyInstance(NullResponse.class.getClassLoader(),
        new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
          case "response" -> response;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "NullRequest";
          default -> null;
        });
  }

  /** Writes handed to this response. */
  volatile int writes;

  @Override
  public Future<Void> write(Buffer data) {
    bytes += data.length();
    writes++;
    return DONE;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public HttpServerResponse exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public HttpServerResponse setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public HttpServerResponse drainHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public int getStatusCode() {
    return 200;
  }

  @Override
  public HttpServerResponse setStatusCode(int statusCode) {
    return this;
  }

  @Override
  public String getStatusMessage() {
    return "OK";
  }

  @Override
  public HttpServerResponse setStatusMessage(String statusMessage) {
    return this;
  }

  @Override
  public HttpServerResponse setChunked(boolean chunked) {
    return this;
  }

  @Override
  public boolean isChunked() {
    return true;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public HttpServerResponse putHeader(String name, String value) {
    return this;
  }

  @Override
  public HttpServerResponse putHeader(CharSequence name, CharSequence value) {
    return this;
  }

  @Override
  public HttpServerResponse putHeader(String name, Iterable<String> values) {
    return this;
  }

  @Override
  public HttpServerResponse putHeader(CharSequence name, Iterable<CharSequence> values) {
    return this;
  }

  @Override
  public MultiMap trailers() {
    return headers;
  }

  @Override
  public HttpServerResponse putTrailer(String name, String value) {
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(CharSequence name, CharSequence value) {
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(String name, Iterable<String> values) {
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(CharSequence name, Iterable<CharSequence> value) {
    return this;
  }

  @Override
  public HttpServerResponse closeHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public HttpServerResponse endHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public Future<Void> writeHead() {
    return DONE;
  }

  @Override
  public Future<Void> write(String chunk, String enc) {
    return write(Buffer.buffer(chunk, enc));
  }

  @Override
  public Future<Void> write(String chunk) {
    return write(Buffer.buffer(chunk));
  }

  @Override
  public Future<Void> writeContinue() {
    return DONE;
  }

  @Override
  public Future<Void> writeEarlyHints(MultiMap headers) {
    return DONE;
  }

  @Override
  public Future<Void> end(String chunk) {
    return end();
  }

  @Override
  public Future<Void> end(String chunk, String enc) {
    return end();
  }

  @Override
  public Future<Void> end(Buffer chunk) {
    return end();
  }

  @Override
  public Future<Void> end() {
    ended = true;
    return DONE;
  }

  @Override
  public Future<Void> sendFile(String filename, long offset, long length) {
    return DONE;
  }

  @Override
  public Future<Void> sendFile(FileChannel channel, long offset, long length) {
    return DONE;
  }

  @Override
  public Future<Void> sendFile(RandomAccessFile file, long offset, long length) {
    return DONE;
  }

  @Override
  public boolean ended() {
    return ended;
  }

  @Override
  public boolean closed() {
    return false;
  }

  @Override
  public boolean headWritten() {
    return true;
  }

  @Override
  public HttpServerResponse headersEndHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public HttpServerResponse bodyEndHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public long bytesWritten() {
    return bytes;
  }

  @Override
  public int streamId() {
    return -1;
  }

  @Override
  public Future<HttpServerResponse> push(HttpMethod method, HostAndPort authority, String path,
                                         MultiMap headers) {
    return Future.failedFuture("no push");
  }

  @Override
  public Future<Void> reset(long code) {
    ended = true;
    return DONE;
  }

  @Override
  public Future<Void> writeCustomFrame(int type, int flags, Buffer payload) {
    return DONE;
  }

  @Override
  public HttpServerResponse addCookie(Cookie cookie) {
    return this;
  }

  @Override
  public Cookie removeCookie(String name, boolean invalidate) {
    return null;
  }

  @Override
  public Set<Cookie> removeCookies(String name, boolean invalidate) {
    return Set.of();
  }

  @Override
  public Cookie removeCookie(String name, String domain, String path, boolean invalidate) {
    return null;
  }
}
