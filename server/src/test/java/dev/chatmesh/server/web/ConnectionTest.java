package dev.chatmesh.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection as a person sees it: the indicator across a server restart, the long-polling
 * fallback when the stream is blocked, and one stream shared by the tabs of one browser.
 */
class ConnectionTest {

  /** See {@link CollaborationTest#WITHIN_A_SECOND}. */
  static final Duration WITHIN_A_SECOND = CollaborationTest.WITHIN_A_SECOND;
  /** Reconnecting waits out a jittered backoff that grows while the server is away. */
  static final Duration RECOVERY = Duration.ofSeconds(30);

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();

  @Test
  void acrossAServerRestartTheIndicatorGoesAmberThenGreenAndChangesMadeMeanwhileAppear() {
    Api.Session ada = api.signup("Restart Co", "Ada Admin");
    Api.Session bob = api.invite(ada, "Bob Agent", "agent");
    try (Browser a = Browser.open(server.url()); Browser b = Browser.open(server.url())) {
      a.logIn(ada.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
      b.logIn(bob.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
      a.go("customers");
      recordStates(b);
      // Ada stays cut off until Bob's changes are in, so they can only reach her by resuming.
      a.blockUrls("*/api/events*");

      recordStates(a);

      server.restart();

      b.await(RECOVERY, "Bob's indicator amber, then green", d -> {
        List<String> states = recordedStates(b);
        return states.contains("reconnecting") && states.getLast().equals("live");
      });
      assertThat(b.tone()).isEqualTo("green");
      String id = new Crm(b).createCustomer("Made While Down", "down@example.com", "+1 555 0199");
      new Crm(b).addNote("Written while Ada was disconnected.");
      a.await(Browser.SETUP, "Ada's indicator amber", d -> "amber".equals(a.tone()));
      List<String> cutOff = recordedStates(a);
      assertThat(cutOff.subList(1, cutOff.size())).as("Ada, cut off").contains("reconnecting")
          .doesNotContain("live");
      assertThat(a.customerNames()).doesNotContain("Made While Down");

      a.blockUrls();
      a.awaitConnection("live", RECOVERY);
      assertThat(a.tone()).isEqualTo("green");
      a.await(WITHIN_A_SECOND, "the missed customer", d -> a.customerNames().contains("Made While Down"));
      new Crm(a).open(id);
      a.await(Browser.SETUP, "the missed note", d ->
          Crm.notes(a).contains("Written while Ada was disconnected."));
    }
  }

  /**
   * After an outage long enough for the backoff to grow to its cap, the indicator is live again
   * within 3 s of the server answering: a reach probe (or a poll asked without waiting) ends the
   * backoff. Meanwhile it says when it tries next and offers "Retry now"; state changes are
   * announced politely.
   */
  @Test
  void afterAThirtySecondOutageTheIndicatorIsLiveWithinThreeSecondsOfTheServerAnswering() {
    Api.Session ada = api.signup("Outage Co", "Ada Admin");
    try (Browser a = Browser.open(server.url())) {
      a.logIn(ada.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
      recordStates(a);
      a.js("window.__countdown = []; window.__announced = [];"
          + "const label = document.querySelector('#connection .conn-label');"
          + "const live = document.querySelector('#conn-announce');"
          + "new MutationObserver(() => { if (/retrying in \\d+ s/.test(label.textContent)"
          + " && !document.querySelector('#retry-now').hidden) window.__countdown.push(label.textContent); })"
          + ".observe(label, {childList: true, characterData: true, subtree: true});"
          + "new MutationObserver(() => window.__announced.push(live.textContent))"
          + ".observe(live, {childList: true, characterData: true, subtree: true});");
      Thread outage = Thread.ofVirtual().start(() -> server.restart(Duration.ofSeconds(30)));
      try {
        a.await(RECOVERY, "the countdown", d -> !((List<?>) a.js("return window.__countdown")).isEmpty());
        outage.join(Duration.ofSeconds(90));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      long back = System.nanoTime();
      a.awaitConnection("live", Duration.ofSeconds(3));
      System.out.printf("web: live again %d ms after the server came back from a 30 s outage%n",
          (System.nanoTime() - back) / 1_000_000);
      assertThat(recordedStates(a)).contains("reconnecting");
      @SuppressWarnings("unchecked")
      List<String> announced = (List<String>) a.js("return window.__announced");
      assertThat(announced).anyMatch(t -> t.startsWith("Connection: Reconnecting"))
          .anyMatch(t -> t.startsWith("Connection: Live"));
      api.call("POST", "api/customers", Map.of("name", "After The Outage"), ada).expect(201);
      a.go("customers");
      a.await(WITHIN_A_SECOND, "a change after the outage", d -> a.customerNames().contains("After The Outage"));
    }
  }

  @Test
  void withTheStreamBlockedTheIndicatorShowsPollingAndChangesStillArrive() {
    Api.Session ada = api.signup("Proxy Co", "Ada Admin");
    try (Browser a = Browser.open(server.url())) {
      a.blockUrls("*/api/events/stream*");
      a.logIn(ada.email(), Api.PASSWORD);
      a.go("customers");
      a.awaitConnection("polling", RECOVERY);
      assertThat(a.tone()).isEqualTo("orange");
      assertThat(a.textOf("#connection .conn-label")).isEqualTo("Polling");
      new Actions(a.driver).moveToElement(a.driver.findElement(By.id("connection"))).perform();
      WebElement details = a.driver.findElement(By.id("conn-details"));
      a.await(Browser.SETUP, "the details on hover", d -> details.isDisplayed());
      assertThat(details.getText()).contains("Transport\nLong-polling").contains("blocked");

      api.call("POST", "api/customers", Map.of("name", "Polled Customer"), ada).expect(201);
      a.await(WITHIN_A_SECOND, "the polled customer", d -> a.customerNames().contains("Polled Customer"));
      assertThat(a.connection()).isEqualTo("polling");
      // The stream is blocked: the company's one connection, if any at this instant, is the held
      // long-poll, which the stats count like a stream.
      assertThat(stats(ada).get("streams").asInt()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void twoTabsOfOneMemberShareOneStreamAndTheSecondTakesOverWhenTheFirstCloses() {
    Api.Session ada = api.signup("Tabs Co", "Ada Admin");
    try (Browser a = Browser.open(server.url())) {
      a.logIn(ada.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
      a.go("customers");
      String first = a.driver.getWindowHandle();
      a.driver.switchTo().newWindow(WindowType.TAB);
      a.driver.get(server.url() + "#/customers");
      a.awaitConnection("live", Browser.SETUP);
      assertThat(a.textOf("[data-key='This tab']")).isEqualTo("shares another tab’s stream");
      awaitStreams(ada, 1);

      api.call("POST", "api/customers", Map.of("name", "Seen In Both Tabs"), ada).expect(201);
      a.await(WITHIN_A_SECOND, "the customer in the second tab",
          d -> a.customerNames().contains("Seen In Both Tabs"));
      String second = a.driver.getWindowHandle();
      a.driver.switchTo().window(first);
      a.await(WITHIN_A_SECOND, "the customer in the first tab",
          d -> a.customerNames().contains("Seen In Both Tabs"));
      assertThat(stats(ada).get("streamsByEmployee").get(Long.toString(ada.employeeId())).asInt())
          .isEqualTo(1);

      a.driver.close();
      a.driver.switchTo().window(second);
      a.await(Browser.SETUP, "the second tab holding the stream",
          d -> "holds the stream".equals(a.textOf("[data-key='This tab']")) && "live".equals(a.connection()));
      awaitStreams(ada, 1);
      api.call("POST", "api/customers", Map.of("name", "After The Hand-over"), ada).expect(201);
      a.await(WITHIN_A_SECOND, "the customer after the hand-over",
          d -> a.customerNames().contains("After The Hand-over"));
    }
  }

  @Test
  void offlineTheIndicatorTurnsRedAndBackOnlineItCatchesUp() {
    Api.Session ada = api.signup("Train Co", "Ada Admin");
    try (Browser a = Browser.open(server.url())) {
      a.logIn(ada.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
      a.go("customers");
      a.offline(true);
      a.awaitConnection("offline", Browser.SETUP);
      assertThat(a.tone()).isEqualTo("red");
      assertThat(a.textOf("#connection .conn-label")).isEqualTo("Offline");

      api.call("POST", "api/customers", Map.of("name", "Added In The Tunnel"), ada).expect(201);
      a.offline(false);
      a.awaitConnection("live", Browser.SETUP);
      a.await(WITHIN_A_SECOND, "the customer added meanwhile",
          d -> a.customerNames().contains("Added In The Tunnel"));
    }
  }

  /** Keeps every state the indicator takes from now on, in the page. */
  private static void recordStates(Browser browser) {
    browser.js("const conn = document.querySelector('.conn');"
        + "window.__states = [conn.dataset.state];"
        + "new MutationObserver(() => window.__states.push(conn.dataset.state))"
        + ".observe(conn, {attributes: true, attributeFilter: ['data-state']});");
  }

  @SuppressWarnings("unchecked")
  private static List<String> recordedStates(Browser browser) {
    return (List<String>) browser.js("return window.__states");
  }

  private static JsonNode stats(Api.Session admin) {
    return api.call("GET", "api/events/stats", null, admin).expect(200).json();
  }

  /** The server counts a closed stream once it notices: wait (bounded) for the count to settle. */
  private static void awaitStreams(Api.Session admin, int expected) {
    Awaitility.await().atMost(Browser.SETUP).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      JsonNode stats = stats(admin);
      assertThat(stats.get("streams").asInt()).as("streams in %s", stats).isEqualTo(expected);
      assertThat(stats.path("streamsByEmployee").path(Long.toString(admin.employeeId())).asInt())
          .as("streams of the member in %s", stats).isEqualTo(expected);
    });
  }
}
