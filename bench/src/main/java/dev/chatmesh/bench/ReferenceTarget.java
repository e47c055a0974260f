package dev.chatmesh.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The minimal reference broadcaster ({@link Reference}): no accounts, no ids, no history.
 * Companies are just names, and order is checked with the tool's own {@code @s} counter, which
 * stays in send order because every publish travels on one pipelined connection.
 */
record ReferenceTarget() implements Target {

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public ServerProcess start(Options options, int port, Path dir) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Options.java());
    command.addAll(options.referenceJvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Reference.class.getName());
    command.add(Integer.toString(port));
    command.add(Integer.toString(options.verticles));
    return ServerProcess.start(command, Map.of(), port, readyPath(),
        dir.resolve("reference-server.log"));
  }

  @Override
  public String readyPath() {
    return "/health";
  }

  @Override
  public List<Tenant> setup(Api api, int companies, int members, int customers,
                            Progress progress) {
    List<Tenant> tenants = new ArrayList<>();
    for (int k = 0; k < companies; k++) {
      Tenant tenant = new Tenant(k, Integer.toString(k + 1));
      tenant.tokens.add("");
      for (int c = 0; c < customers; c++) {
        tenant.customers.add(new long[] {c + 1, 1, 0});
      }
      tenants.add(tenant);
      progress.step();
    }
    return tenants;
  }

  @Override
  public ByteBuf streamRequest(Stream stream, boolean resume) {
    String request = "GET /stream?company=" + stream.tenant.companyId + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    return Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public boolean readyOnHead() {
    return true;
  }

  @Override
  public Future<Long> publish(Api api, Tenant tenant, long seq, String data) {
    return api.send(HttpMethod.POST, "/publish?company=" + tenant.companyId, null,
            Buffer.buffer(data))
        .map(reply -> {
          reply.expect(202, "publish");
          return seq;
        });
  }

  /** It has no REST API: the same change is published with a customer-sized body instead. */
  @Override
  public Future<Long> update(Api api, Tenant tenant, long[] customer, long seq, String marker) {
    String data = "{\"id\":\"" + customer[0] + "\",\"name\":\"Bench customer " + marker
        + "\",\"email\":\"customer@bench.test\",\"phone\":\"+1 555 0100\",\"avatarUrl\":null,"
        + "\"tags\":[\"bench\",\"vip\"],\"assignedEmployeeId\":null,\"assignedEmployee\":null,"
        + "\"createdAt\":\"2026-11-22T10:15:30.123Z\",\"updatedAt\":\"2026-11-22T10:15:30.123Z\","
        + "\"version\":" + (++customer[1]) + "}";
    return publish(api, tenant, seq, data);
  }

  @Override
  public String restEventType() {
    return null;
  }

  @Override
  public Future<Long> head(Api api, Tenant tenant) {
    return Future.succeededFuture(tenant.published.get());
  }
}
