package dev.chatmesh.server.inbox;

import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.SseTap;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code webhook} command's deliveries are accepted by a real node for every platform. */
class WebhookCommandTest {

  @Test
  void theWebhookCommandDeliversASignedMessageOnEachPlatformThatArrivesLive() throws Exception {
    try (Node server = Node.sqlite().start()) {
      Hooks hooks = new Hooks(server);
      Api.Session admin = server.api().signup("Cli Co", "Cleo Admin");
      try (SseTap tap = SseTap.open(server, admin)) {
        tap.awaitEvent("ready", Duration.ofSeconds(5));
        for (String platform : List.of("facebook", "zalo", "tiktok")) {
          long channel = hooks.channel(admin, platform, "acct-" + platform, "s3cret-" + platform);
          assertThat(WebhookCommand.run(List.of(platform, "--channel", Long.toString(channel),
              "--to", "acct-" + platform, "--secret", "s3cret-" + platform, "--text",
              "Hi via " + platform, "--url", server.url()))).isZero();
        }
        tap.await(fs -> fs.stream().filter(f -> "message_received".equals(f.event())).count()
            == 3, Duration.ofSeconds(5));
        assertThat(tap.events().stream().filter(f -> "message_received".equals(f.event()))
            .map(f -> f.object().get("content").asText()))
            .containsExactly("Hi via facebook", "Hi via zalo", "Hi via tiktok");
      }
      assertThat(WebhookCommand.run(List.of("facebook", "--channel", "1", "--to", "x",
          "--secret", "wrong", "--url", server.url()))).isEqualTo(1);
    }
  }
}
