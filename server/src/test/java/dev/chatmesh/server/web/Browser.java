package dev.chatmesh.server.web;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * One headless Chromium with its own profile (so its own cookies), driving the ChatMesh web app
 * at {@code base}. Never lets Selenium Manager fetch anything: the browser and its driver are
 * the system's.
 */
final class Browser implements AutoCloseable {

  /** Generous bound for things that are not under test (start-up, page loads). */
  static final Duration SETUP = Duration.ofSeconds(20);

  // Found on PATH, as ./test checks for them, so a browser installed elsewhere works too.
  private static final String CHROMIUM = onPath("chromium");
  private static final String CHROMEDRIVER = onPath("chromedriver");

  final ChromeDriver driver;
  final String base;
  private final Path profile;

  private Browser(ChromeDriver driver, String base, Path profile) {
    this.driver = driver;
    this.base = base;
    this.profile = profile;
  }

  /** Starts a browser for the app at {@code base} (ending in {@code /}). */
  static Browser open(String base) {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path profile;
    try {
      profile = Files.createTempDirectory("chatmesh-chromium");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,800",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(SETUP).scriptTimeout(SETUP);
    Browser browser = new Browser(driver, base, profile);
    browser.viewport(1280, 800);
    return browser;
  }

  /** The executable {@code name} on PATH, or {@code /usr/bin/name} for the error message. */
  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return "/usr/bin/" + name;
  }

  /** Sizes the window so that the page itself gets {@code width} × {@code height} pixels. */
  void viewport(int width, int height) {
    Dimension window = driver.manage().window().getSize();
    long innerWidth = (Long) js("return window.innerWidth");
    long innerHeight = (Long) js("return window.innerHeight");
    driver.manage().window().setSize(new Dimension(window.width + width - (int) innerWidth,
        window.height + height - (int) innerHeight));
  }

  /** Opens the app and logs in through its form; returns once the workspace is shown. */
  Browser logIn(String email, String password) {
    driver.get(base);
    WebElement form = waitFor(By.id("login-form"), SETUP);
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(password);
    form.findElement(By.cssSelector("[type=submit]")).click();
    waitFor(By.id("connection"), SETUP);
    return this;
  }

  /** The indicator's state: {@code live}, {@code reconnecting}, {@code polling}, … */
  String connection() {
    return (String) js("return document.querySelector('#connection')?.dataset.state ?? null");
  }

  /** The indicator's colour: green, amber, orange, red or grey. */
  String tone() {
    return (String) js("return document.querySelector('.conn')?.dataset.tone ?? null");
  }

  /** Waits until the indicator shows {@code state}. */
  void awaitConnection(String state, Duration timeout) {
    await(timeout, "connection " + state, d -> state.equals(connection()));
  }

  /** Waits for {@code condition}, polling briskly, failing with what was awaited. */
  <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, timeout, Duration.ofMillis(25))
          .withMessage(() -> "waiting " + timeout.toMillis() + " ms for " + what)
          .until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(e.getMessage().lines().findFirst().orElse(what) + "\n" + evidence(), e);
    }
  }

  /** What the page showed, for a failure message; a screenshot goes to target/web-failures/. */
  private String evidence() {
    try {
      Path shot = Path.of("target", "web-failures", System.currentTimeMillis() + ".png");
      screenshot(shot);
      return "connection " + connection() + ", url " + driver.getCurrentUrl() + ", screenshot "
          + shot.toAbsolutePath() + ", page text:\n" + pageText();
    } catch (RuntimeException e) {
      return "(no evidence: " + e + ")";
    }
  }

  /** Waits until an element is present and returns it. */
  WebElement waitFor(By by, Duration timeout) {
    return await(timeout, by.toString(), d -> {
      List<WebElement> found = d.findElements(by);
      return found.isEmpty() ? null : found.getFirst();
    });
  }

  /** Moves to a route of the app, e.g. {@code customers/12}, without reloading. */
  void go(String route) {
    js("location.hash = '#/' + arguments[0]", route);
  }

  /** The names in the customer list, top to bottom (as text, exactly as shown). */
  @SuppressWarnings("unchecked")
  List<String> customerNames() {
    return (List<String>) js("return [...document.querySelectorAll('#customer-list .customer-name')]"
        + ".map(e => e.textContent)");
  }

  /** The visible text of the whole page. */
  String pageText() {
    return (String) js("return document.body.innerText");
  }

  /** The text of an element found now, or null. */
  String textOf(String css) {
    return (String) js("return document.querySelector(arguments[0])?.textContent ?? null", css);
  }

  /** Replaces an input's text by typing. */
  void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  /** Runs a script in the page. */
  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Makes every request whose URL matches one of {@code patterns} fail, or none with none. */
  void blockUrls(String... patterns) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(patterns)));
  }

  /** Takes the browser off the network (as the OS would: {@code navigator.onLine} flips) or back. */
  void offline(boolean offline) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline,
        "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** Saves a screenshot of the viewport to {@code file}. */
  void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file,
          StandardCopyOption.REPLACE_EXISTING);
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fails on any script error or warning the page logged since the last call. Failed requests
   * are left out: the tests cause them on purpose (blocked URLs, a stopped server, a 401 before
   * logging in).
   */
  void assertNoScriptErrors() {
    List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("Failed to load resource") && !m.contains("net::ERR_"))
        .toList();
    if (!problems.isEmpty()) {
      throw new AssertionError("the page logged: " + problems);
    }
  }

  /** Checks the page logged no script error, then quits the browser. */
  @Override
  public void close() {
    try {
      assertNoScriptErrors();
    } finally {
      quit();
    }
  }

  /** Quits the browser and removes its profile, without checking the page's log. */
  void quit() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp profile is harmless
      }
    }
  }
}
