package dev.chatmesh.server.inbox;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's sandbox answers the real send API clients as each platform would. */
class SandboxTest {

  private Vertx vertx;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new Sandbox().mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void aSandboxSendIsAcceptedWithAFreshMessageId(Platform platform) throws Exception {
    PlatformApi api = PlatformApi.of(platform, client, Sandbox.urls(server.actualPort()),
        PlatformApi.TIMEOUT);
    Outbound message = new Outbound("acct", "demo-token", "user-1", "Hello from the demo");
    Outcome first = api.send(message).await(10, TimeUnit.SECONDS);
    Outcome second = api.send(message).await(10, TimeUnit.SECONDS);
    assertThat(first).isInstanceOf(Outcome.Sent.class);
    assertThat(second).isInstanceOf(Outcome.Sent.class).isNotEqualTo(first);
  }
}
