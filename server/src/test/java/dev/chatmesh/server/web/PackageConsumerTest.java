package dev.chatmesh.server.web;

import com.sun.net.httpserver.HttpServer;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client as another web app gets it: {@code npm pack} of the built package,
 * {@code npm install} of that tarball into a separate project, and a page of that project,
 * served from another origin, that imports {@code @chatmesh/realtime} and receives a live
 * change from the node in a real Chromium.
 */
class PackageConsumerTest {

  private static final Path BUILT = Path.of("target/classes/web/js/realtime").toAbsolutePath();
  // Set by sitePort(), which the node's settings need first: the site's origin is allowed.
  private static Path project;
  private static HttpServer site;

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("CORS_ORIGINS", "http://127.0.0.1:" + sitePort()));

  @BeforeAll
  static void installThePackageIntoAnotherProject() throws Exception {
    Path packs = Files.createTempDirectory("chatmesh-pack-");
    String tarball = npm(packs, "pack", "--silent", BUILT.toString()).strip();
    Files.writeString(project.resolve("package.json"), """
        {"name": "elsewhere", "version": "1.0.0", "private": true}
        """);
    npm(project, "install", "--offline", "--no-audit", "--no-fund", "--silent",
        packs.resolve(tarball).toString());
    Files.writeString(project.resolve("index.html"), PAGE);
  }

  @AfterAll
  static void stopSite() {
    site.stop(0);
  }

  @Test
  void aPageOfAnotherProjectImportsThePackageAndReceivesALiveChange() {
    Api.Session admin = server.api().signup("Elsewhere Ltd", "Elsa");
    try (Browser browser = Browser.open(server.url())) {
      browser.driver.get(siteUrl() + "?node=" + server.url().replaceAll("/$", "")
          + "&email=" + admin.email() + "&password=" + Api.PASSWORD.replace(" ", "%20"));
      browser.await(Browser.SETUP, "the page's client to go live",
          d -> "live".equals(browser.js("return window.state ?? null")) ? true : null);

      server.api().call("POST", "/api/customers", Map.of("name", "Mira from afar"), admin)
          .expect(201);

      String received = browser.await(Browser.SETUP, "the customer_created event on the page",
          d -> (String) browser.js("return window.received ?? null"));
      assertThat(received).isEqualTo("customer_created Mira from afar");
    }
  }

  /** The page of the other project: an import map resolves the bare package name. */
  private static final String PAGE = """
      <!doctype html><meta charset="utf-8"><title>elsewhere</title>
      <script type="importmap">
        {"imports": {"@chatmesh/realtime": "./node_modules/@chatmesh/realtime/client.js"}}
      </script>
      <script type="module">
      import { RealtimeClient } from '@chatmesh/realtime';
      const p = new URLSearchParams(location.search);
      const node = p.get('node');
      const login = await fetch(node + '/api/auth/login', {method: 'POST', credentials: 'include',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({email: p.get('email'), password: p.get('password')})});
      if (!login.ok) throw new Error('login ' + login.status);
      const client = new RealtimeClient({baseUrl: node, withCredentials: true, locks: null});
      client.onStateChange((state) => { window.state = state; });
      client.subscribe('customer_created', (e) => {
        window.received = e.type + ' ' + e.data.name; });
      client.connect();
      </script>""";

  private static int sitePort() {
    try {
      project = Files.createTempDirectory("chatmesh-elsewhere-");
      site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      site.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        Path file = project.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
        if (!file.startsWith(project) || !Files.isRegularFile(file)) {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
          return;
        }
        byte[] body = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".js")
            ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      site.start();
      return site.getAddress().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String siteUrl() {
    return "http://127.0.0.1:" + site.getAddress().getPort() + "/";
  }

  /** Runs npm in {@code dir}; fails unless it succeeds within 2 min. Returns its output. */
  private static String npm(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("npm"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("npm", ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = process.waitFor(2, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    if (!done) {
      process.destroyForcibly();
      throw new AssertionError("npm " + String.join(" ", args) + " took over 2 min:\n" + output);
    }
    assertThat(process.exitValue()).as("npm %s:%n%s", String.join(" ", args), output).isZero();
    return output;
  }
}
