package dev.chatmesh.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Facebook;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An automated accessibility scan (axe-core, fetched from the npm registry into target/ on first
 * use) of every page a member works in, plus the checks axe cannot make: the employees table at a
 * phone's width and the size of small buttons.
 */
class AccessibilityTest {

  /** The axe-core release the scan runs; fetched once into {@code target/axe}. */
  static final String AXE = "axe-core@4.10.3";

  static Node server;
  static Api api;
  static Api.Session ada;
  static String axeSource;
  static long conversation;
  static long customer;

  @BeforeAll
  static void start() throws Exception {
    axeSource = Files.readString(axe(), StandardCharsets.UTF_8);
    server = Node.sqlite().start();
    api = server.api();
    ada = api.signup("Access Co", "Ada Admin");
    api.invite(ada, "Bob Agent", "agent");
    Facebook page = Facebook.connect(api, ada, "Access on Messenger");
    page.message("4711", "m_a11y_1", "Hello, can you help me with my order?");
    JsonNode item = api.call("GET", "api/conversations", null, ada).expect(200).json().get("items").get(0);
    conversation = item.get("id").asLong();
    customer = item.get("customerId").asLong();
    api.call("POST", "api/notes", Map.of("customerId", customer, "body", "Called on Monday."), ada).expect(201);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void loginInboxThreadCustomersAndEmployeesHaveNoSeriousOrCriticalViolations() {
    try (Browser b = Browser.open(server.url())) {
      b.driver.get(server.url());
      b.waitFor(By.id("login-form"), Browser.SETUP);
      List<String> problems = new ArrayList<>(scan(b, "login"));

      b.logIn(ada.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
      b.go("inbox");
      b.waitFor(By.cssSelector("#conversation-list li"), Browser.SETUP);
      problems.addAll(scan(b, "inbox"));

      b.go("inbox/" + conversation);
      b.waitFor(By.cssSelector("#messages .message"), Browser.SETUP);
      problems.addAll(scan(b, "thread"));

      b.go("customers/" + customer);
      b.waitFor(By.cssSelector("#notes .note"), Browser.SETUP);
      problems.addAll(scan(b, "customers"));

      b.go("employees");
      b.waitFor(By.cssSelector("#employee-rows tr"), Browser.SETUP);
      problems.addAll(scan(b, "employees"));

      assertThat(problems).as("serious or critical axe violations").isEmpty();
    }
  }

  @Test
  void atAPhonesWidthTheEmployeesTableShowsRoleAndEditAndSmallButtonsAreAtLeast24PixelsTall() {
    try (Browser b = Browser.open(server.url())) {
      b.logIn(ada.email(), Api.PASSWORD).awaitConnection("live", Browser.SETUP);
      b.viewport(390, 844);
      b.go("employees");
      b.waitFor(By.cssSelector("#employee-rows button[aria-label^='Edit']"), Browser.SETUP);
      Object outside = b.js("return [...document.querySelectorAll('#employee-rows .tag, #employee-rows button')]"
          + ".filter(e => { const r = e.getBoundingClientRect(); return r.width === 0 || r.right > innerWidth || r.left < 0; })"
          + ".map(e => e.textContent)");
      assertThat((List<?>) outside).as("role tags and buttons off-screen at 390 px").isEmpty();
      assertThat(b.js("const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth"))
          .as("the table scrolls sideways").isEqualTo(true);
      assertThat((List<?>) b.js("return [...document.querySelectorAll('body *')].filter(e => e.offsetParent"
          + " && e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + '.' + e.className)"))
          .as("elements wider than the page at 390 px").isEmpty();

      b.viewport(1280, 800);
      b.go("customers/" + customer);
      b.waitFor(By.cssSelector("#notes .note-actions button"), Browser.SETUP);
      Object small = b.js("return [...document.querySelectorAll('.note-actions button, .link-button')]"
          + ".filter(e => e.offsetParent && e.getBoundingClientRect().height < 24).map(e => e.textContent)");
      assertThat((List<?>) small).as("buttons under 24 px").isEmpty();
    }
  }

  /** Runs axe on the page; one line per serious or critical violation, naming the page. */
  @SuppressWarnings("unchecked")
  private static List<String> scan(Browser b, String page) {
    b.js(axeSource + "\n;return true;");
    Object json = b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "axe.run(document, {resultTypes: ['violations']}).then("
        + "r => done(JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
        + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')))),"
        + "e => done(JSON.stringify(['axe failed: ' + e])))");
    try {
      List<String> found = new ObjectMapper().readValue((String) json, List.class);
      System.out.printf("web: axe on %s: %d serious or critical%n", page, found.size());
      return found.stream().map(v -> page + ": " + v).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** axe.min.js, installed from the npm registry into target/axe when it is not there yet. */
  static Path axe() throws IOException, InterruptedException {
    Path dir = Path.of("target", "axe").toAbsolutePath();
    Path script = dir.resolve("node_modules/axe-core/axe.min.js");
    if (Files.exists(script)) {
      return script;
    }
    Files.createDirectories(dir);
    Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-package-lock", "--no-audit",
        "--no-fund", "--prefix", dir.toString(), AXE)
        .redirectErrorStream(true).redirectOutput(dir.resolve("npm.log").toFile()).start();
    if (!npm.waitFor(180, TimeUnit.SECONDS)) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm install " + AXE + " took over 3 minutes; see " + dir.resolve("npm.log"));
    }
    if (npm.exitValue() != 0 || !Files.exists(script)) {
      throw new IllegalStateException("npm install " + AXE + " failed: " + Files.readString(dir.resolve("npm.log")));
    }
    return script;
  }
}
