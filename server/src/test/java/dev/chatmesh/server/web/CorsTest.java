package dev.chatmesh.server.web;

import com.sun.net.httpserver.HttpServer;
import dev.chatmesh.server.support.Api;
import dev.chatmesh.server.support.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page served from another origin (another port) logs in to the node and reads its stream in
 * a real Chromium when {@code CORS_ORIGINS} lists that origin, and cannot when it does not.
 */
class CorsTest {

  private static final HttpServer ALLOWED = page();
  private static final HttpServer REFUSED = page();

  @RegisterExtension
  static final Node server = Node.sqlite(Map.of("CORS_ORIGINS",
      "http://127.0.0.1:" + ALLOWED.getAddress().getPort()));

  @AfterAll
  static void stopPages() {
    ALLOWED.stop(0);
    REFUSED.stop(0);
  }

  @Test
  void aPageOnAnAllowedOriginLogsInAndReceivesTheReadyEvent() {
    Api.Session admin = server.api().signup("Cors Ltd", "Cora");
    assertThat(runPage(ALLOWED, admin)).isEqualTo("ready " + admin.companyId());
  }

  @Test
  void aPageOnAnotherOriginIsRefusedByTheBrowser() {
    Api.Session admin = server.api().signup("Other Ltd", "Otto");
    assertThat(runPage(REFUSED, admin)).startsWith("failed");
  }

  /** Opens the page of {@code origin} and returns what its script reported. */
  private static String runPage(HttpServer origin, Api.Session admin) {
    Browser browser = Browser.open(server.url());
    try {
      browser.driver.get("http://127.0.0.1:" + origin.getAddress().getPort() + "/?node="
          + server.url() + "&email=" + admin.email() + "&password="
          + Api.PASSWORD.replace(" ", "%20"));
      return browser.await(Browser.SETUP, "the page's result",
          d -> (String) browser.js("return window.result ?? null"));
    } finally {
      browser.quit(); // the refused page logs the browser's CORS errors, on purpose
    }
  }

  /** A static server on a free port whose one page logs in and opens the stream cross-origin. */
  private static HttpServer page() {
    String html = """
        <!doctype html><meta charset="utf-8"><title>elsewhere</title><script type="module">
        const p = new URLSearchParams(location.search);
        const node = p.get('node');
        try {
          const login = await fetch(node + 'api/auth/login', {method: 'POST', credentials: 'include',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({email: p.get('email'), password: p.get('password')})});
          if (!login.ok) throw new Error('login ' + login.status);
          const stream = new EventSource(node + 'api/events/stream', {withCredentials: true});
          stream.addEventListener('ready', e => {
            window.result = 'ready ' + JSON.parse(e.data).companyId; stream.close(); });
          stream.onerror = () => { window.result ??= 'failed: stream'; stream.close(); };
        } catch (e) { window.result = 'failed: ' + e.message; }
        </script>""";
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext("/", exchange -> {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
