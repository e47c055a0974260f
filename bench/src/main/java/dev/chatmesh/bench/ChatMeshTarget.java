package dev.chatmesh.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ChatMesh as production runs it (auth, company ids, durable history, topics), only with
 * benchmark-sized limits set through its ordinary settings.
 */
record ChatMeshTarget(Path serverJar) implements Target {

  private static final String PASSWORD = "bench-password-1";

  @Override
  public String name() {
    return "chatmesh";
  }

  @Override
  public ServerProcess start(Options options, int port, Path dir) throws Exception {
    Path data = Files.createTempDirectory(Path.of("/tmp"), "chatmesh-bench-data-");
    List<String> command = new ArrayList<>();
    if (options.asUsers) {
      // the launcher's JVM settings are the product's: nothing added (it execs java, so the
      // child's PID is the server's)
      command.add(options.launcher);
    } else {
      command.add(Options.java());
      command.addAll(options.serverJvmOptions());
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-jar");
      command.add(serverJar.toString());
    }
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "HOST", "127.0.0.1",
        "PORT", Integer.toString(port),
        "DATA_DIR", data.toString(),
        "STREAM_LIMIT_PER_ACCOUNT", "1000000",
        "STREAM_LIMIT_PER_COMPANY", "1000000",
        "HTTP_VERTICLES", Integer.toString(options.verticles),
        "TOKEN_TTL_SECONDS", "86400",
        "LOG_LEVEL", "WARN"));
    env.putAll(options.serverEnv());
    return ServerProcess.start(command, env, port, readyPath(), dir.resolve("chatmesh-server.log"))
        .deleteOnClose(data);
  }

  @Override
  public String readyPath() {
    return "/health/ready";
  }

  @Override
  public List<Tenant> setup(Api api, int companies, int members, int customers,
                            Progress progress) {
    String nonce = Long.toString(System.currentTimeMillis(), 36);
    try {
      return Futures.bounded(4, companies, k -> company(api, nonce, k, members, customers)
          .onSuccess(t -> progress.step())).await(30, java.util.concurrent.TimeUnit.MINUTES);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("setup took more than 30 minutes", e);
    }
  }

  private Future<Tenant> company(Api api, String nonce, int k, int members, int customers) {
    String adminEmail = "admin-" + k + "-" + nonce + "@bench.test";
    return api.json(HttpMethod.POST, "/api/auth/signup", null, new JsonObject()
            .put("companyName", "Bench " + k).put("name", "Bench admin " + k)
            .put("email", adminEmail).put("password", PASSWORD), 201)
        .compose(login -> {
          String companyId = Long.toString(login.getJsonArray("memberships").getJsonObject(0)
              .getLong("companyId"));
          Tenant tenant = new Tenant(k, companyId);
          String admin = login.getString("token");
          tenant.tokens.add(admin);
          Future<Void> chain = Future.succeededFuture();
          for (int m = 1; m < members; m++) {
            String email = "member-" + k + "-" + m + "-" + nonce + "@bench.test";
            String name = "Bench member " + m;
            // People join by invitation: the admin invites, the member redeems the link.
            chain = chain.compose(v -> api.json(HttpMethod.POST, "/api/employees/invitations",
                    Api.bearer(admin, companyId), new JsonObject().put("email", email)
                        .put("role", "agent"), 201))
                .compose(issued -> api.json(HttpMethod.POST, "/api/invitations/redeem", null,
                    new JsonObject().put("token", issued.getString("token")).put("name", name)
                        .put("password", PASSWORD), 201))
                .map(l -> {
                  tenant.tokens.add(l.getString("token"));
                  return null;
                });
          }
          chain = chain.compose(v -> api.json(HttpMethod.POST, "/api/api-keys",
                  Api.bearer(admin, companyId), new JsonObject().put("name", "bench"), 201))
              .map(key -> {
                tenant.apiKey = key.getString("key");
                return null;
              });
          for (int c = 0; c < customers; c++) {
            JsonObject customer = new JsonObject().put("name", "Bench customer " + c)
                .put("email", "customer-" + c + "@bench.test").put("phone", "+1 555 0100")
                .put("tags", new io.vertx.core.json.JsonArray().add("bench").add("vip"));
            chain = chain.compose(v -> api.json(HttpMethod.POST, "/api/customers",
                    Api.bearer(admin, companyId), customer, 201))
                .map(created -> {
                  tenant.customers.add(new long[] {Long.parseLong(
                      String.valueOf(created.getValue("id"))), created.getLong("version"), 0});
                  return null;
                });
          }
          return chain.map(tenant);
        });
  }

  @Override
  public ByteBuf streamRequest(Stream stream, boolean resume) {
    Tenant tenant = stream.tenant;
    String token = tenant.tokens.get(stream.index % tenant.tokens.size());
    StringBuilder request = new StringBuilder(512)
        .append("GET /api/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .append("Accept: text/event-stream\r\nAuthorization: Bearer ").append(token)
        .append("\r\nX-Company-Id: ").append(tenant.companyId).append("\r\n");
    if (resume) {
      request.append("Last-Event-ID: ").append(stream.last).append("\r\n");
    }
    request.append("\r\n");
    return Unpooled.wrappedBuffer(request.toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public boolean readyOnHead() {
    return false;
  }

  @Override
  public Future<Long> publish(Api api, Tenant tenant, long seq, String data) {
    String body = "{\"type\":\"bench.tick\",\"topic\":\"bench\",\"data\":" + data + "}";
    return api.send(HttpMethod.POST, "/api/publish", Api.bearer(tenant.apiKey, null),
            io.vertx.core.buffer.Buffer.buffer(body))
        .map(reply -> Long.parseLong(reply.expect(202, "publish").json().getString("id")));
  }

  @Override
  public Future<Long> update(Api api, Tenant tenant, long[] customer, long seq, String marker) {
    JsonObject change = new JsonObject().put("version", customer[1])
        .put("name", "Bench customer " + marker);
    return api.json(HttpMethod.PATCH, "/api/customers/" + customer[0],
            Api.bearer(tenant.tokens.get(0), tenant.companyId), change, 200)
        .map(updated -> {
          customer[1] = updated.getLong("version");
          return -1L;
        });
  }

  @Override
  public String restEventType() {
    return "customer_updated";
  }

  @Override
  public Future<Long> head(Api api, Tenant tenant) {
    long after = Math.max(0, tenant.published.get());
    return api.json(HttpMethod.GET, "/api/events?limit=1&after=" + after,
            Api.bearer(tenant.tokens.get(0), tenant.companyId), null, 200)
        .map(page -> Long.parseLong(page.getString("headId")));
  }
}
