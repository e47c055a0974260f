package dev.chatmesh.server.inbox;

import dev.chatmesh.server.Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry delays and giving up, with the random draw fixed at its extremes. */
class BackoffTest {

  static final Config.Delivery SETTINGS = new Config.Delivery(Duration.ofMillis(100), 5,
      Duration.ofSeconds(60));

  @Test
  void theDelayIsDrawnUpToBaseTimesTwoToTheAttemptsBefore() {
    Backoff highest = new Backoff(SETTINGS, bound -> bound - 1);
    Backoff lowest = new Backoff(SETTINGS, bound -> 0);
    assertThat(highest.delayMillis(1, null)).isEqualTo(100);
    assertThat(highest.delayMillis(2, null)).isEqualTo(200);
    assertThat(highest.delayMillis(4, null)).isEqualTo(800);
    assertThat(lowest.delayMillis(4, null)).isEqualTo(1);
  }

  @Test
  void theDoublingIsCappedAtAnHour() {
    Backoff highest = new Backoff(SETTINGS, bound -> bound - 1);
    assertThat(highest.delayMillis(1000, null)).isEqualTo(Duration.ofHours(1).toMillis());
  }

  @Test
  void aLongerRetryAfterWins() {
    Backoff lowest = new Backoff(SETTINGS, bound -> 0);
    assertThat(lowest.delayMillis(1, Duration.ofSeconds(7))).isEqualTo(7000);
  }

  @Test
  void aMessageIsGivenUpAfterTheLastAttemptOrPastItsAge() {
    Backoff backoff = Backoff.of(SETTINGS);
    assertThat(backoff.exhausted(4, 0, 1000)).isNull();
    assertThat(backoff.exhausted(5, 0, 1000)).isEqualTo("gave up after 5 attempts");
    assertThat(backoff.exhausted(2, 0, 61_000)).isEqualTo("gave up: not sent within 60 s");
  }
}
