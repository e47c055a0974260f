package dev.chatmesh.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two members of one company in two browsers, and a member of another company in a third: what
 * one does through the UI, the colleague sees without reloading; the outsider sees nothing.
 */
class CollaborationTest {

  /**
   * "Within a second", measured from the moment the acting browser shows the server's answer to
   * the moment the other browser shows the change. The bound allows a second of slack for a
   * shared, slow test machine; the measured figures are printed.
   */
  static final Duration WITHIN_A_SECOND = Duration.ofMillis(2000);

  @RegisterExtension
  static final Node server = Node.sqlite();
  static final Api api = server.api();
  static Api.Session ada;
  static Api.Session bob;
  static Browser a;
  static Browser b;
  static Browser c;

  @BeforeAll
  static void setUp() {
    ada = api.signup("Acme Trading", "Ada Admin");
    bob = api.invite(ada, "Bob Agent", "agent");
    Api.Session zed = api.signup("Zenith Outsiders", "Zed Outsider");
    seed(ada, bob);
    a = Browser.open(server.url()).logIn(ada.email(), Api.PASSWORD);
    b = Browser.open(server.url()).logIn(bob.email(), Api.PASSWORD);
    c = Browser.open(server.url()).logIn(zed.email(), Api.PASSWORD);
    for (Browser browser : List.of(a, b, c)) {
      browser.awaitConnection("live", Browser.SETUP);
    }
    c.go("customers");
  }

  @AfterEach
  void noScriptErrors() {
    for (Browser each : List.of(a, b, c)) {
      each.assertNoScriptErrors();
    }
  }

  @AfterAll
  static void stop() {
    for (Browser browser : new Browser[] {a, b, c}) {
      if (browser != null) {
        browser.quit();
      }
    }
  }

  @Test
  void aColleagueSeesEveryCustomerAndNoteChangeWithinASecondAndAnotherCompanyNone() {
    Crm crm = new Crm(a);
    b.go("customers");

    String id = crm.createCustomer("Mai Pham", "mai@example.com", "+84 93 555 0101", "vip, zalo");
    seen("created customer", () -> b.customerNames().contains("Mai Pham"));

    new Crm(b).open(id);
    crm.edit("Mai Pham-Tran", "+84 93 555 0199");
    seen("edited customer", () -> "Mai Pham-Tran".equals(b.textOf("#customer-name"))
        && "+84 93 555 0199".equals(Crm.phone(b)) && b.customerNames().contains("Mai Pham-Tran"));

    crm.assign("Bob Agent");
    seen("assignment", () -> Crm.assignee(b).startsWith("Bob Agent"));

    crm.addNote("Prefers Zalo after 6 pm.\nAsked for the spring catalogue.");
    seen("new note", () -> Crm.notes(b).contains("Prefers Zalo after 6 pm.\nAsked for the spring catalogue."));

    crm.editNote("Prefers Zalo after 6 pm.\nAsked for the spring catalogue.", "Prefers Zalo after 7 pm.");
    seen("edited note", () -> Crm.notes(b).equals(List.of("Prefers Zalo after 7 pm.")));

    crm.deleteNote("Prefers Zalo after 7 pm.");
    seen("deleted note", () -> Crm.notes(b).isEmpty());

    crm.deleteCustomer("Mai Pham-Tran");
    seen("deleted customer", () -> !b.customerNames().contains("Mai Pham-Tran")
        && b.pageText().contains("This customer no longer exists."));

    assertThat(c.customerNames()).isEmpty();
    assertThat(c.pageText()).doesNotContain("Mai Pham").doesNotContain("Acme");
    assertThat(c.textOf("[data-key='Events received']")).isEqualTo("0");
    assertThat(c.connection()).isEqualTo("live");
  }

  @Test
  void textFromTheServerIsShownAsTextNeverAsMarkup() {
    String name = "<img src=x onerror=\"window.__pwned=1\">Eve";
    String note = "<script>window.__pwned=2</script><b>bold?</b>";
    Crm crm = new Crm(a);
    b.go("customers");
    String id = crm.createCustomer(name, "eve@example.com", "+1 555 0100");
    crm.addNote(note);

    b.await(Browser.SETUP, "the hostile customer listed", d -> b.customerNames().contains(name));
    new Crm(b).open(id);
    b.await(Browser.SETUP, "the hostile note", d -> Crm.notes(b).contains(note));
    assertThat(b.textOf("#customer-name")).isEqualTo(name);
    b.go("activity");
    b.await(Browser.SETUP, "the feed", d -> b.pageText().contains("Ada Admin added " + name));

    for (Browser browser : List.of(a, b)) {
      assertThat(browser.js("return window.__pwned ?? null")).isNull();
      assertThat(browser.driver.findElements(By.cssSelector("#app img[onerror], #app script, #app b")))
          .isEmpty();
    }
  }

  @Test
  void urgentNotificationsToastAndCountAndTheFeedBadgeCountsWhatIsNew() {
    b.go("activity");
    b.go("customers");
    b.await(Browser.SETUP, "no badge", d -> b.textOf("#activity-badge").isEmpty()
        || (Boolean) b.js("return document.querySelector('#activity-badge').hidden"));

    a.driver.findElement(By.id("bell")).click();
    a.driver.findElement(By.cssSelector(".composer summary")).click();
    a.driver.findElement(By.cssSelector(".composer [name=title]")).sendKeys("VIP waiting on the phone");
    a.driver.findElement(By.cssSelector(".composer [name=message]")).sendKeys("Sara Ortiz is holding on line 2 <for you>");
    a.driver.findElement(By.cssSelector(".composer [name=urgent]")).click();
    a.driver.findElement(By.cssSelector(".composer [type=submit]")).click();
    a.await(Browser.SETUP, "the notification sent", d ->
        a.textOf("#notification-list").contains("VIP waiting on the phone"));
    seen("urgent toast", () -> {
      String toast = b.textOf("#toasts .toast");
      return toast != null && toast.contains("VIP waiting on the phone") && toast.contains("Sara Ortiz is holding on line 2 <for you>");
    });
    assertThat(b.textOf("#unread-count")).isEqualTo("1");
    // Close the toast as a user would, in both windows, so it covers nothing in later tests.
    for (Browser browser : List.of(a, b)) {
      browser.driver.findElements(By.cssSelector("#toasts .toast .icon-button"))
          .forEach(org.openqa.selenium.WebElement::click);
    }
    a.driver.findElement(By.id("bell")).click();

    new Crm(a).createCustomer("Quang Le", "quang@example.com", "+84 90 000 1111");
    seen("activity badge", () -> "1 new".equals(b.textOf("#activity-badge")));
    b.driver.findElement(By.id("nav-activity")).click();
    b.await(Browser.SETUP, "the feed read", d -> b.pageText().contains("Ada Admin added Quang Le")
        && (Boolean) b.js("return document.querySelector('#activity-badge').hidden"));

    b.driver.findElement(By.id("bell")).click();
    b.await(Browser.SETUP, "unread cleared", d ->
        (Boolean) b.js("return document.querySelector('#unread-count').hidden"));
    b.driver.findElement(By.id("sound-toggle")).click();
    b.driver.navigate().refresh();
    b.awaitConnection("live", Browser.SETUP);
    assertThat(b.js("return document.querySelector('#sound-toggle').checked")).isEqualTo(true);
    assertThat(b.textOf("#unread-count")).isEqualTo("0");
  }

  @Test
  void anEmployeeEditingTheirProfileShowsInTheCustomersAssignedToThem() {
    Crm crm = new Crm(a);
    String id = crm.createCustomer("Hana Sato", "hana@example.com", "+81 3 5555 0101");
    crm.assign("Bob Agent");

    b.go("employees");
    b.waitFor(By.cssSelector("#employee-rows button[aria-label='Edit Bob Agent']"), Browser.SETUP).click();
    var form = b.waitFor(By.cssSelector("dialog form"), Browser.SETUP);
    b.type(form.findElement(By.name("title")), "Team lead");
    form.findElement(By.cssSelector("[type=submit]")).click();
    b.await(Browser.SETUP, "the dialog closed", d -> d.findElements(By.cssSelector("dialog")).isEmpty());

    seen("patched assignee", () -> "Bob Agent — Team lead".equals(Crm.assignee(a)));
    assertThat(a.js("return document.querySelector('#customer-detail').dataset.id")).isEqualTo(id);
  }

  @Test
  void aConflictShowsTheColleaguesValuesBesideMineFieldByFieldAndNothingIsOverwrittenUntilIChoose() {
    String id = new Crm(a).createCustomer("Kim Park", "kim@example.com", "+82 2 555 0100");
    a.driver.findElement(By.id("edit-customer")).click();
    var form = a.waitFor(By.id("customer-edit-form"), Browser.SETUP);
    a.type(form.findElement(By.name("phone")), "+82 2 555 0111");

    Crm colleague = new Crm(b);
    colleague.open(id);
    colleague.edit("Kim Park-Lee", "+82 2 555 0222");
    a.await(WITHIN_A_SECOND, "the notice that someone else changed it", d ->
        a.pageText().contains("Someone else changed this customer meanwhile."));

    form.findElement(By.cssSelector("[type=submit]")).click();
    a.waitFor(By.id("conflict"), Browser.SETUP);
    assertThat(pick("phone", "mine")).isEqualTo("+82 2 555 0111");
    assertThat(pick("phone", "theirs")).isEqualTo("+82 2 555 0222");
    assertThat(pick("name", "mine")).isEqualTo("Kim Park");
    assertThat(pick("name", "theirs")).isEqualTo("Kim Park-Lee");
    assertThat(a.js("return document.querySelector('#pick-name-theirs').checked"))
        .as("a field only the colleague changed starts as theirs").isEqualTo(true);
    assertThat(a.js("return document.querySelector('[name=pick-phone]:checked')"))
        .as("a field both changed waits for a choice").isNull();
    assertThat(a.js("return document.querySelector('[data-field=email] .pick')")).isNull();
    assertThat(form.findElement(By.name("name")).getAttribute("value")).isEqualTo("Kim Park-Lee");

    form.findElement(By.cssSelector("[type=submit]")).click();
    a.await(Browser.SETUP, "the choice asked for", d ->
        a.textOf("#customer-edit-form .form-error").contains("Choose yours or theirs for Phone"));
    JsonNode stored = api.call("GET", "api/customers/" + id, null, ada).expect(200).json();
    assertThat(stored.get("phone").asText()).as("nothing saved before choosing").isEqualTo("+82 2 555 0222");

    a.driver.findElement(By.cssSelector("label[for=pick-phone-mine]")).click();
    form.findElement(By.cssSelector("[type=submit]")).click();
    a.await(Browser.SETUP, "the resolved save", d -> "+82 2 555 0111".equals(Crm.phone(a))
        && "Kim Park-Lee".equals(a.textOf("#customer-name")));
    seen("merged customer", () -> "+82 2 555 0111".equals(Crm.phone(b))
        && "Kim Park-Lee".equals(b.textOf("#customer-name")));
  }

  private static String pick(String field, String side) {
    return (String) a.js("return document.querySelector('#pick-' + arguments[0] + '-' + arguments[1])"
        + ".closest('label').querySelector('.pick-value').dataset.value", field, side);
  }

  /** Waits for {@code condition} in the colleague's browser, within a second (see above). */
  private static void seen(String what, BooleanSupplier condition) {
    long start = System.nanoTime();
    new org.openqa.selenium.support.ui.WebDriverWait(b.driver, WITHIN_A_SECOND, Duration.ofMillis(20))
        .withMessage(() -> "the colleague to see the " + what)
        .until(d -> condition.getAsBoolean());
    System.out.printf("web: colleague saw the %s after %d ms%n", what,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** A few ordinary customers with notes, so the app (and its screenshot) shows real data. */
  private static void seed(Api.Session admin, Api.Session agent) {
    String[][] rows = {
        {"Linh Nguyen", "linh@example.com", "+84 90 123 4567", "wholesale"},
        {"Sara Ortiz", "sara@example.com", "+1 415 555 0101", "vip"},
        {"Tom Becker", "tom@example.com", "+49 30 1234567", "lead"},
        {"Aiko Tanaka", "aiko@example.com", "+81 3 1234 5678", "wholesale"},
    };
    for (String[] r : rows) {
      long id = api.call("POST", "api/customers", Map.of("name", r[0], "email", r[1], "phone", r[2],
          "tags", List.of(r[3]), "assignedEmployeeId", agent.employeeId()), admin).expect(201).id();
      api.call("POST", "api/notes", Map.of("customerId", id,
          "body", "First call with " + r[0].split(" ")[0] + ": interested in the new range."), agent)
          .expect(201);
    }
  }

  /** The repository's root (where docs/ lives), from the module directory tests run in. */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docs/SPEC.md"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("docs/SPEC.md not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
