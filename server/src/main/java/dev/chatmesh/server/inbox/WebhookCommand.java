package dev.chatmesh.server.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatmesh.server.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./chatmesh webhook <facebook|zalo|tiktok> --channel ID --to EXTERNAL_ID --secret S
 * --text "Hi"}: sends a correctly signed delivery to a running node, as the platform would, so a
 * message can be watched arriving live. With {@code --count N} it sends N and prints the
 * webhook → stream latency ({@link WebhookLatency}).
 */
public final class WebhookCommand {

  static final String USAGE = """
      Usage: ./chatmesh webhook <facebook|zalo|tiktok> --channel ID --to EXTERNAL_ID [options]
        --channel ID       the channel's id (its webhookPath is /webhooks/<platform>/ID)
        --to ID            the channel's externalId: Page id, OA id or TikTok business id
        --secret S         the channel's secret (default: $CHATMESH_WEBHOOK_SECRET)
        --text T           the message (default: "Hello from the webhook command")
        --from USER        the sender's platform user id (default: 7000000000000001)
        --url URL          the node (default: http://localhost:8080)
        --count N          send N messages and print webhook -> stream latency (needs
                           --email and --password of a member, whose stream listens)
        --email E --password P [--company ID]   the listening member, for --count
      """;

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final Platform platform;
  private final String base;
  private final long channel;
  private final String to;
  private final String secret;
  private final String from;

  /**
   * A sender of deliveries to channel {@code channel} (account {@code to}) of the node at
   * {@code base}, signed with {@code secret}, from platform user {@code from}.
   */
  public WebhookCommand(Platform platform, String base, long channel, String to, String secret,
                        String from) {
    this.platform = platform;
    this.base = base.endsWith("/") ? base : base + "/";
    this.channel = channel;
    this.to = to;
    this.secret = secret;
    this.from = from;
  }

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> args) throws Exception {
    Map<String, String> options = new HashMap<>();
    Platform platform = args.isEmpty() ? null : Platform.of(args.getFirst());
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || i + 1 >= args.size()) {
        return usage("unexpected argument: " + arg);
      }
      options.put(arg.substring(2), args.get(++i));
    }
    String secret = options.getOrDefault("secret", System.getenv("CHATMESH_WEBHOOK_SECRET"));
    if (platform == null || !options.containsKey("channel") || !options.containsKey("to")
        || secret == null) {
      return usage(platform == null ? "name the platform: facebook, zalo or tiktok"
          : "--channel, --to and --secret (or CHATMESH_WEBHOOK_SECRET) are required");
    }
    WebhookCommand command = new WebhookCommand(platform,
        options.getOrDefault("url", "http://localhost:8080"),
        Long.parseLong(options.get("channel")), options.get("to"), secret,
        options.getOrDefault("from", "7000000000000001"));
    String text = options.getOrDefault("text", "Hello from the webhook command");
    if (options.containsKey("count")) {
      if (!options.containsKey("email") || !options.containsKey("password")) {
        return usage("--count needs --email and --password of a member to listen as");
      }
      return new WebhookLatency(command, command.base, options.get("email"),
          options.get("password"), options.get("company"))
          .run(Integer.parseInt(options.get("count")), text);
    }
    String mid = "cli-" + Long.toString(System.currentTimeMillis(), 36);
    HttpResponse<String> answer = command.send(mid, text);
    System.out.println(answer.statusCode() + " " + answer.body());
    return answer.statusCode() == 200 ? 0 : 1;
  }

  private static int usage(String problem) {
    System.err.println(problem);
    System.err.print(USAGE);
    return 2;
  }

  /** Sends one text message with platform message id {@code mid}, signed as the platform does. */
  public HttpResponse<String> send(String mid, String text) throws Exception {
    long now = System.currentTimeMillis();
    byte[] raw = Json.write(delivery(mid, text, now)).getBytes(StandardCharsets.UTF_8);
    String header = switch (platform) {
      case FACEBOOK -> "X-Hub-Signature-256";
      case ZALO -> "X-ZEvent-Signature";
      case TIKTOK -> "TikTok-Signature";
    };
    String signature = switch (platform) {
      case FACEBOOK -> Signatures.facebook(secret, raw);
      case ZALO -> Signatures.zalo(secret, "chatmesh-cli", Long.toString(now), raw);
      case TIKTOK -> Signatures.tiktok(secret, now / 1000, raw);
    };
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "webhooks/" + platform.id()
            + "/" + channel)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header(header, signature)
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The platform's delivery of one text message, shaped as docs/PLATFORMS.md describes. */
  private ObjectNode delivery(String mid, String text, long now) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    switch (platform) {
      case FACEBOOK -> {
        body.put("object", "page");
        ObjectNode entry = body.putArray("entry").addObject().put("id", to).put("time", now);
        ObjectNode item = entry.putArray("messaging").addObject();
        item.putObject("sender").put("id", from);
        item.putObject("recipient").put("id", to);
        item.put("timestamp", now);
        item.putObject("message").put("mid", mid).put("text", text);
      }
      case ZALO -> {
        body.put("app_id", "chatmesh-cli").put("event_name", "user_send_text")
            .put("timestamp", Long.toString(now));
        body.putObject("sender").put("id", from);
        body.putObject("recipient").put("id", to);
        body.putObject("message").put("msg_id", mid).put("text", text);
      }
      case TIKTOK -> {
        ObjectNode content = Json.MAPPER.createObjectNode().put("conversation_id", "cli-" + from)
            .put("message_id", mid).put("timestamp", now).put("type", "text");
        content.putObject("text").put("body", text);
        content.putObject("from_user").put("id", from);
        content.putObject("to_user").put("id", to);
        body.put("client_key", "chatmesh-cli").put("event", "im_receive_msg")
            .put("create_time", now / 1000).put("user_openid", to)
            .put("content", Json.write(content));
      }
    }
    return body;
  }
}
