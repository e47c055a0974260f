package dev.chatmesh.bench;

/**
 * The named scenarios and their default sizes; every size can be overridden on the command
 * line.
 *
 * @param streams   streams opened
 * @param companies companies they are spread over (evenly)
 * @param members   members per company whose tokens the streams use
 * @param customers customers per company (REST writes)
 * @param rest      whether writes go through REST changes instead of the publish API
 * @param rate      writes per second in the measured phase; 0 = half of the saturation rate
 *                  measured first
 * @param seconds   length of each measured phase
 */
record Scenario(String name, String summary, int streams, int companies, int members,
                int customers, boolean rest, double rate, int seconds) {

  static final Scenario IDLE = new Scenario("idle",
      "max streams held open, memory per stream", 19_000, 1, 4, 0, false, 0, 10);
  static final Scenario FANOUT = new Scenario("fanout",
      "one company, 10,000 streams: saturation, then half that rate", 10_000, 1, 4, 0, false,
      0, 20);
  static final Scenario TENANTS = new Scenario("tenants",
      "1,000 companies of 10 streams: saturation, then half that rate", 10_000, 1_000, 1, 0,
      false, 0, 20);
  static final Scenario REST = new Scenario("rest",
      "customer updates through the REST API reaching 1,000 streams", 1_000, 1, 4, 32, true, 10,
      20);
  static final Scenario STORM = new Scenario("storm",
      "10,000 streams dropped at once, reconnecting with resume", 10_000, 1, 4, 0, false, 5,
      10);

  /*
   * The open-loop scenarios measure ChatMesh as its users run it: started by ./chatmesh with
   * nothing added, the reference with its users' -Xms512m -Xmx2g -XX:+UseG1GC, no forced GC or
   * attach, and a sequential publisher per company offered at a fixed rate (OpenLoop); rate ×
   * seconds is the number of publishes offered.
   */
  static final Scenario OPEN_FANOUT = new Scenario("open-fanout",
      "F: one company, 5,000 streams, 120 publishes offered at 40/s, as users run it", 5_000, 1,
      4, 0, false, 40, 3);
  static final Scenario OPEN_TENANTS = new Scenario("open-tenants",
      "T: 1,000 companies of 10 streams, 5,000 publishes offered at 500/s, as users run it",
      10_000, 1_000, 1, 0, false, 500, 10);
  static final Scenario OPEN_IDLE = new Scenario("open-idle",
      "I: 15,000 idle streams over 10 companies, RSS as the OS sees it, as users run it", 15_000,
      10, 4, 0, false, 0, 5);

  /** Whether this scenario runs the servers as their users do and publishes open-loop. */
  boolean asUsers() {
    return name.startsWith("open-");
  }

  /** The scenario called {@code name}. */
  static Scenario named(String name) {
    return switch (name) {
      case "idle" -> IDLE;
      case "fanout" -> FANOUT;
      case "tenants" -> TENANTS;
      case "rest" -> REST;
      case "storm" -> STORM;
      case "open-fanout" -> OPEN_FANOUT;
      case "open-tenants" -> OPEN_TENANTS;
      case "open-idle" -> OPEN_IDLE;
      default -> throw new IllegalArgumentException("unknown scenario " + name);
    };
  }
}
