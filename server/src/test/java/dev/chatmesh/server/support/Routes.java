package dev.chatmesh.server.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every operation the node documents at {@code /api/openapi.json}, so tests that sweep the API
 * cover a route as soon as it is documented.
 */
public final class Routes {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

  private Routes() {
  }

  /**
   * One documented operation.
   *
   * @param method     HTTP method, upper case
   * @param path       path template ({@code /api/customers/{id}})
   * @param query      names of its query parameters
   * @param body       whether it documents a request body
   * @param properties the names of the body's top-level properties, when the schema lists them
   * @param streaming  whether it answers a stream or may hold the answer (SSE, long-poll)
   */
  public record Operation(String method, String path, List<String> query, boolean body,
                          List<String> properties, boolean streaming) {

    /** The path with each {@code {name}} replaced by {@code values}' entry or {@code fallback}. */
    public String fill(Map<String, String> values, String fallback) {
      Matcher m = PLACEHOLDER.matcher(path);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(
            values.getOrDefault(path + "#" + m.group(1), values.getOrDefault(m.group(1), fallback))));
      }
      m.appendTail(out);
      return out.substring(1);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** The operations documented by the node behind {@code api}. */
  public static List<Operation> of(Api api) {
    JsonNode doc = api.call("GET", "api/openapi.json", null, null).expect(200).json();
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext();) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonNode op = path.getValue().get(method);
        if (op == null) {
          continue;
        }
        List<String> query = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
          JsonNode param = resolve(doc, p);
          if ("query".equals(param.path("in").asText())) {
            query.add(param.path("name").asText());
          }
        }
        JsonNode schema = resolve(doc, resolve(doc, op.path("requestBody"))
            .path("content").path("application/json").path("schema"));
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        boolean streaming = op.path("responses").toString().contains("text/event-stream")
            || query.contains("wait");
        operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), query,
            op.has("requestBody"), properties, streaming));
      }
    }
    return operations;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = doc;
    for (String part : ref.asText().substring(2).split("/")) {
      target = target.path(part);
    }
    return resolve(doc, target);
  }
}
