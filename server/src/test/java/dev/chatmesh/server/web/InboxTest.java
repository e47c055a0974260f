package dev.chatmesh.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Facebook;
import dev.chatmesh.server.support.FakePlatform;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox in two members' browsers (and an outsider's): customers' messages come in through
 * signed webhook deliveries, replies go out to a fake send API, and everything shows in both
 * browsers without a reload.
 */
class InboxTest {

  /** A delivery shows within this bound (the two seconds). */
  static final Duration WITHIN_TWO_SECONDS = Duration.ofSeconds(2);
  /** The send queue works in the background; its figures are not under test here. */
  static final Duration DELIVERY = Duration.ofSeconds(15);

  static FakePlatform platform;
  static Node server;
  static Api api;
  static Api.Session ada;
  static Api.Session bob;
  static Facebook page;
  static Browser a;
  static Browser b;
  static Browser c;

  @BeforeAll
  static void start() {
    platform = new FakePlatform();
    server = Node.sqlite(platform.settings()).start();
    api = server.api();
    ada = api.signup("Acme Trading", "Ada Admin");
    bob = api.invite(ada, "Bob Agent", "agent");
    Api.Session zed = api.signup("Zenith Outsiders", "Zed Outsider");
    page = Facebook.connect(api, ada, "Acme on Messenger");
    Facebook.connect(api, zed, "Zenith on Messenger");
    seed();
    a = Browser.open(server.url()).logIn(ada.email(), Api.PASSWORD);
    b = Browser.open(server.url()).logIn(bob.email(), Api.PASSWORD);
    c = Browser.open(server.url()).logIn(zed.email(), Api.PASSWORD);
    for (Browser each : List.of(a, b, c)) {
      each.awaitConnection("live", Browser.SETUP);
    }
  }

  @AfterEach
  void noScriptErrors() {
    platform.release();
    for (Browser each : List.of(a, b, c)) {
      each.assertNoScriptErrors();
    }
  }

  @AfterAll
  static void stop() {
    for (Browser each : new Browser[] {a, b, c}) {
      if (each != null) {
        each.quit();
      }
    }
    if (server != null) {
      server.close();
    }
    platform.close();
  }

  @Test
  void aCustomersMessageAppearsInBothMembersListsAndOpenThreadsWithinTwoSecondsAndNotInAnotherCompany() {
    a.go("inbox");
    b.go("inbox");
    c.go("inbox");
    String psid = psid();
    deliver(psid, "Hello! Is the blue jacket still in stock?");
    seenBy("the new conversation in both lists", () -> previews(a).contains("Hello! Is the blue jacket still in stock?")
        && previews(b).contains("Hello! Is the blue jacket still in stock?"));
    long id = conversationOf("blue jacket");
    assertThat(a.js("return document.querySelector('#conversation-list li').dataset.id"))
        .as("newest activity on top").isEqualTo(Long.toString(id));

    open(a, id);
    open(b, id);
    deliver(psid, "In size M, please.");
    seenBy("the message in both open threads", () -> texts(a).contains("In size M, please.")
        && texts(b).contains("In size M, please."));
    assertThat(a.js("return document.querySelector('#messages li:last-child').className")).asString()
        .contains("from-customer");
    // A member names the new customer; the open thread and the list follow live.
    JsonNode customer = api.call("GET", "api/conversations/" + id, null, ada).json().get("customer");
    api.call("PATCH", "api/customers/" + customer.get("id").asLong(), Map.of("version",
        customer.get("version").asInt(), "name", "Mai Pham"), ada).expect(200);
    seenBy("the customer's new name on both threads' bubbles", () -> a.pageText().contains("Mai Pham")
        && b.pageText().contains("Mai Pham") && !a.textOf("#messages").contains("Facebook user")
        && !b.textOf("#messages").contains("Facebook user"));
    a.js("document.querySelectorAll('#toasts .toast').forEach(t => t.remove())");
    // The README's picture is replaced only when asked (-Dscreenshot.update=true), so a test run
    // leaves the work tree as it found it; otherwise it goes to server/target.
    a.screenshot(Boolean.getBoolean("screenshot.update")
        ? CollaborationTest.repoRoot().resolve("docs/screenshot.png")
        : CollaborationTest.repoRoot().resolve("server/target/screenshot.png"));

    assertThat(c.textOf("#conversation-list")).isEmpty();
    assertThat(c.pageText()).doesNotContain("blue jacket").doesNotContain("size M");
    assertThat(c.textOf("[data-key='Events received']")).isEqualTo("0");
  }

  @Test
  void aReplyShowsInTheColleaguesThreadMovingFromPendingToSentOrToFailedWithTheErrorAndRetrySendsItAgain() {
    String psid = psid();
    deliver(psid, "Can I return shoes after 30 days?");
    long id = conversationOf("return shoes");
    open(a, id);
    open(b, id);

    platform.hold();
    reply(a, "Yes, within 60 days with the receipt.");
    seenBy("the pending reply in the colleague's thread", () ->
        "pending".equals(statusOf(b, "Yes, within 60 days with the receipt.")));
    assertThat(a.js("return document.activeElement.id")).as("focus back in the composer").isEqualTo("reply");
    assertThat(a.js("return document.querySelector('#reply').value")).isEqualTo("");
    platform.release();
    b.await(DELIVERY, "the reply sent", d -> "sent".equals(statusOf(b, "Yes, within 60 days with the receipt."))
        && "sent".equals(statusOf(a, "Yes, within 60 days with the receipt.")));

    platform.script(FakePlatform.Answer.json(400, "{\"error\":{\"message\":"
        + "\"(#100) No matching user found\",\"type\":\"OAuthException\",\"code\":100}}"));
    reply(a, "Here is the return label.");
    b.await(DELIVERY, "the reply failed, with the error", d ->
        "failed".equals(statusOf(b, "Here is the return label."))
            && errorOf(b, "Here is the return label.").contains("No matching user found"));
    a.await(Browser.SETUP, "the failure in the author's thread", d ->
        errorOf(a, "Here is the return label.").contains("No matching user found"));
    int before = platform.sends("Here is the return label.");
    message(a, "Here is the return label.").findElement(By.cssSelector("button.retry")).click();
    b.await(DELIVERY, "the retried reply sent", d -> "sent".equals(statusOf(b, "Here is the return label.")));
    assertThat(platform.sends("Here is the return label.")).isEqualTo(before + 1);
    assertThat(errorOf(a, "Here is the return label.")).isEmpty();
  }

  @Test
  void statusAndAssignmentChangesShowInTheOtherBrowser() {
    deliver(psid(), "Where is my parcel?");
    long id = conversationOf("my parcel");
    open(a, id);
    open(b, id);

    new Select(a.driver.findElement(By.id("thread-status"))).selectByValue("pending");
    seenBy("the status", () -> "pending".equals(b.js("return document.querySelector('#thread-status').value"))
        && "pending".equals(b.js("return document.querySelector('#conversation-list li[data-id=\"" + id + "\"]').dataset.status")));

    new Select(a.driver.findElement(By.id("thread-assignee"))).selectByVisibleText("Bob Agent");
    seenBy("the assignee", () -> "Bob Agent".equals(b.js(
        "const s = document.querySelector('#thread-assignee'); return s.selectedOptions[0]?.textContent")));
    b.driver.findElement(By.id("inbox-mine")).click();
    b.await(Browser.SETUP, "the conversation under Mine", d -> b.js(
        "return document.querySelector('#conversation-list li[data-id=\"' + arguments[0] + '\"]')", id) != null);
    b.driver.findElement(By.id("inbox-unassigned")).click();
    b.await(Browser.SETUP, "not under Unassigned", d -> b.js(
        "return document.querySelector('#conversation-list li[data-id=\"' + arguments[0] + '\"]')", id) == null);
    b.driver.findElement(By.id("inbox-all")).click();
  }

  @Test
  void theUnreadBadgeAndTabTitleCountUpOnArrivalAndResetWhenTheThreadIsOpened() {
    for (JsonNode conversation : api.call("GET", "api/conversations?limit=200", null, ada).expect(200).json().get("items")) {
      api.call("POST", "api/conversations/" + conversation.get("id").asLong() + "/read", null, ada).expect(200);
    }
    a.go("customers");
    b.go("inbox");
    seenBy("no unread", () -> unread(a) == 0 && unread(b) == 0);
    assertThat(a.driver.getTitle()).isEqualTo("Acme Trading · ChatMesh");

    String psid = psid();
    deliver(psid, "Do you ship to Da Nang?");
    seenBy("one unread", () -> unread(a) == 1 && unread(b) == 1);
    assertThat(a.driver.getTitle()).isEqualTo("(1) Acme Trading · ChatMesh");
    deliver(psid, "And how long does it take?");
    seenBy("two unread", () -> unread(a) == 2 && unread(b) == 2
        && "(2) Acme Trading · ChatMesh".equals(b.driver.getTitle()));
    long id = conversationOf("Da Nang");
    assertThat(b.textOf("#conversation-list li[data-id='" + id + "'] .unread-badge")).isEqualTo("2");

    b.driver.findElement(By.cssSelector("#conversation-list li[data-id='" + id + "'] a")).click();
    seenBy("read for the team", () -> unread(a) == 0 && unread(b) == 0
        && "Acme Trading · ChatMesh".equals(a.driver.getTitle()));
    assertThat(b.js("return document.querySelector('#conversation-list li[data-id=\"' + arguments[0] + '\"] .unread-badge')", id))
        .isNull();
  }

  @Test
  void aMessageArrivingWhileReadingOlderOnesWaitsInAPillAndOlderPagesLoadOnScrollingUp() {
    String psid = psid();
    for (int i = 1; i <= 60; i++) {
      deliver(psid, "Line " + i + " of a long story");
    }
    long id = conversationOf("Line 60 of a long story");
    // Bob's tab kept every message it heard live; a fresh load starts from the newest page only.
    b.driver.navigate().refresh();
    b.awaitConnection("live", Browser.SETUP);
    open(b, id);
    b.await(Browser.SETUP, "the newest page", d -> texts(b).size() == 50 && texts(b).getLast().equals("Line 60 of a long story"));
    b.js("document.querySelector('#thread-scroll').scrollTop = 0");
    b.await(Browser.SETUP, "the older page", d -> texts(b).size() == 60 && texts(b).getFirst().equals("Line 1 of a long story"));
    long top = (Long) b.js("const s = document.querySelector('#thread-scroll'); s.scrollTop = 200; return Math.round(s.scrollTop)");

    deliver(psid, "Are you still there?");
    seenBy("the pill", () -> "1 new message ↓".equals(b.textOf("#new-messages"))
        && !(Boolean) b.js("return document.querySelector('#new-messages').hidden"));
    assertThat(texts(b)).contains("Are you still there?");
    assertThat((Long) b.js("return Math.round(document.querySelector('#thread-scroll').scrollTop)"))
        .as("the reader was not moved").isEqualTo(top);
    b.driver.findElement(By.id("new-messages")).click();
    b.await(Browser.SETUP, "the bottom", d -> (Boolean) b.js(
        "const s = document.querySelector('#thread-scroll'); return s.scrollHeight - s.scrollTop - s.clientHeight < 48")
        && (Boolean) b.js("return document.querySelector('#new-messages').hidden"));
  }

  @Test
  void theReplyBoxIsDisabledOnceTheConversationsChannelIsRemoved() {
    Facebook old = Facebook.connect(api, ada, "Old page");
    old.message(psid(), "m_" + UUID.randomUUID(), "Hello old page");
    long id = conversationOf("Hello old page");
    open(a, id);
    assertThat(a.driver.findElement(By.id("reply")).isEnabled()).isTrue();
    api.call("DELETE", "api/channels/" + old.channelId(), null, ada).expect(204);
    seenBy("the reply box disabled", () -> !a.driver.findElement(By.id("reply")).isEnabled()
        && a.driver.findElement(By.id("reply-disabled")).isDisplayed()
        && !a.driver.findElement(By.id("send")).isEnabled());
  }

  // ---- seeding and steps ----

  /** A few ordinary conversations, so the inbox (and its screenshot) shows real data. */
  private static void seed() {
    String[][] rows = {
        {"Linh Nguyen", "Hi, do you have the linen shirt in white?"},
        {"Sara Ortiz", "My order #1043 arrived damaged, what can I do?"},
        {"Tom Becker", "Can I change the delivery address?"},
    };
    for (String[] r : rows) {
      String psid = psid();
      deliver(psid, r[1]);
      JsonNode customer = api.call("GET", "api/conversations/" + conversationOf(r[1]), null, ada)
          .expect(200).json().get("customer");
      api.call("PUT", "api/customers/" + customer.get("id").asLong(), Map.of("name", r[0],
          "version", customer.get("version").asInt()), ada).expect(200);
    }
  }

  private static String psid() {
    return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L));
  }

  private static void deliver(String psid, String text) {
    page.message(psid, "m_" + UUID.randomUUID(), text);
  }

  /** The conversation whose messages contain {@code text}, found through the API. */
  private static long conversationOf(String text) {
    JsonNode items = api.call("GET", "api/conversations?q=" + java.net.URLEncoder.encode(text,
        java.nio.charset.StandardCharsets.UTF_8), null, ada).expect(200).json().get("items");
    assertThat(items.size()).as("conversations with %s", text).isEqualTo(1);
    return items.get(0).get("id").asLong();
  }

  private static void open(Browser browser, long id) {
    browser.go("inbox/" + id);
    browser.await(Browser.SETUP, "thread " + id, d -> browser.js(
        "return document.querySelector('#thread[data-id=\"' + arguments[0] + '\"] #thread-name')", id) != null
        && !texts(browser).isEmpty());
  }

  private static void reply(Browser browser, String text) {
    WebElement box = browser.driver.findElement(By.id("reply"));
    box.sendKeys(text);
    box.sendKeys(Keys.ENTER);
    browser.await(Browser.SETUP, "the reply shown", d -> texts(browser).contains(text));
  }

  @SuppressWarnings("unchecked")
  private static List<String> previews(Browser browser) {
    return (List<String>) browser.js("return [...document.querySelectorAll('#conversation-list .conversation-preview')]"
        + ".map(e => e.textContent)");
  }

  @SuppressWarnings("unchecked")
  static List<String> texts(Browser browser) {
    return (List<String>) browser.js("return [...document.querySelectorAll('#messages .message-text')]"
        + ".map(e => e.textContent)");
  }

  private static WebElement message(Browser browser, String text) {
    return browser.await(Browser.SETUP, "message " + text, d -> d.findElements(By.cssSelector("#messages .message"))
        .stream().filter(m -> text.equals(m.findElement(By.className("message-text")).getText()))
        .findFirst().orElse(null));
  }

  private static String statusOf(Browser browser, String text) {
    return (String) browser.js("const m = [...document.querySelectorAll('#messages .message')]"
        + ".find(e => e.querySelector('.message-text').textContent === arguments[0]);"
        + " return m ? m.dataset.status : null", text);
  }

  private static String errorOf(Browser browser, String text) {
    Object error = browser.js("const m = [...document.querySelectorAll('#messages .message')]"
        + ".find(e => e.querySelector('.message-text').textContent === arguments[0]);"
        + " return m?.querySelector('.delivery-error')?.textContent ?? ''", text);
    return (String) error;
  }

  private static int unread(Browser browser) {
    Object n = browser.js("const b = document.querySelector('#inbox-badge');"
        + " return b.hidden ? 0 : Number(b.textContent)");
    return ((Number) n).intValue();
  }

  /** Waits for {@code condition} within two seconds and prints how long it took. */
  private static void seenBy(String what, BooleanSupplier condition) {
    long start = System.nanoTime();
    new org.openqa.selenium.support.ui.WebDriverWait(a.driver, WITHIN_TWO_SECONDS, Duration.ofMillis(20))
        .withMessage(() -> "both browsers to show " + what)
        .until(d -> condition.getAsBoolean());
    System.out.printf("web: %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
  }
}
