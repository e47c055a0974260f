package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.FakePlatform;
import dev.chatmesh.server.Config;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link PlatformApi} must do, against the fake platform server; each platform's
 * test extends this class with its request shape and its way of refusing a message.
 */
abstract class PlatformApiContract {

  static final String TOKEN = "EAAG-secret-token-0123456789";
  static final Outbound MESSAGE = new Outbound("acct-42", TOKEN, "user-7",
      "Xin chào — your order ships today");

  Vertx vertx;
  WebClient client;
  FakePlatform fake;

  /** The platform under test. */
  abstract Platform platform();

  /** Checks the request {@link #MESSAGE} produced: path, auth, body. */
  abstract void assertRequest(FakePlatform.Request request);

  /** How the platform refuses a message for good (often with HTTP 200). */
  abstract FakePlatform.Answer refusal();

  /** The part of the refusal's text that the reason must carry. */
  abstract String refusalText();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    fake = new FakePlatform();
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  PlatformApi api(Duration timeout) {
    return api(fake.url(platform()), timeout);
  }

  PlatformApi api(String url, Duration timeout) {
    return PlatformApi.of(platform(), client, new Config.PlatformUrls(url, url, url), timeout);
  }

  Outcome send(PlatformApi api) throws Exception {
    return api.send(MESSAGE).await(20, TimeUnit.SECONDS);
  }

  @Test
  void anAcceptedMessageIsSentWithThePlatformsMessageIdInThePlatformsRequestShape()
      throws Exception {
    Outcome outcome = send(api(PlatformApi.TIMEOUT));
    assertThat(outcome).isEqualTo(new Outcome.Sent(FakePlatform.id(platform(), 1)));
    assertThat(fake.requests()).hasSize(1);
    FakePlatform.Request request = fake.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.headers().get("content-type")).startsWith("application/json");
    assertThat(request.headers()).doesNotContainKey("authorization");
    assertRequest(request);
  }

  @Test
  void aServerErrorIsWorthRetrying() throws Exception {
    fake.script(FakePlatform.Answer.json(503, "{\"error\":{\"message\":\"down\"}}"));
    Outcome outcome = send(api(PlatformApi.TIMEOUT));
    assertThat(outcome).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) outcome).reason()).contains("503");
  }

  @Test
  void aRateLimitIsRetriedNoSoonerThanRetryAfterAsks() throws Exception {
    fake.script(new FakePlatform.Answer(429, Map.of("Retry-After", "7"), "{}", false));
    Outcome outcome = send(api(PlatformApi.TIMEOUT));
    assertThat(outcome).isEqualTo(new Outcome.Retry("rate limited (HTTP 429)",
        Duration.ofSeconds(7)));
  }

  @Test
  void aRefusalFailsWithThePlatformsOwnWordsAndNeverTheToken() throws Exception {
    fake.script(refusal());
    Outcome outcome = send(api(PlatformApi.TIMEOUT));
    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) outcome).reason()).contains(refusalText())
        .doesNotContain(TOKEN);
  }

  @Test
  void aRejectedRequestWithoutAReadableBodyFails() throws Exception {
    fake.script(FakePlatform.Answer.json(400, ""));
    assertThat(send(api(PlatformApi.TIMEOUT))).isInstanceOf(Outcome.Failed.class);
  }

  @Test
  void anUnreachablePlatformIsWorthRetrying() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Outcome outcome = send(api("http://127.0.0.1:" + closed, PlatformApi.TIMEOUT));
    assertThat(outcome).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) outcome).reason()).doesNotContain(TOKEN);
  }

  @Test
  void aPlatformThatDoesNotAnswerInTimeIsWorthRetryingAndTheReasonNamesNoToken()
      throws Exception {
    fake.script(FakePlatform.Answer.hanging());
    Outcome outcome = send(api(Duration.ofMillis(300)));
    assertThat(outcome).isInstanceOf(Outcome.Retry.class);
    assertThat(((Outcome.Retry) outcome).reason()).contains("no answer within")
        .doesNotContain(TOKEN);
  }
}
