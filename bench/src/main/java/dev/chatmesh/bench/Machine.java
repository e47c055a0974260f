package dev.chatmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a run was measured on, for the reports. */
final class Machine {

  private Machine() {
  }

  /** The 1-minute load average now, or -1 when it cannot be read. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String describe() {
    String memory = "?";
    String load = "?";
    String kernel = "?";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memory = Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0) + " GiB";
        }
      }
      load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    } catch (IOException e) {
      // keep the question marks
    }
    return Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", Linux "
        + kernel + ", Java " + System.getProperty("java.version") + ", load average " + load
        + " at start";
  }
}
