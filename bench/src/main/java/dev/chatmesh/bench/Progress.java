package dev.chatmesh.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.Locale;

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every few seconds in a log.
 */
final class Progress {

  private static final boolean TERMINAL = System.console() != null;
  private final PrintStream out = System.err;
  private final String label;
  private final long total;
  private final AtomicLong done = new AtomicLong();
  private final long start = System.nanoTime();
  private long lastDraw;

  Progress(String label, long total) {
    this.label = label;
    this.total = total;
  }

  /** A bar that shows nothing. */
  static Progress silent() {
    return new Progress(null, 0);
  }

  void step() {
    done.incrementAndGet();
  }

  /** Redraws with {@code value} as the count done, and {@code note} after it. */
  void show(long value, String note) {
    if (label == null) {
      return;
    }
    long now = System.nanoTime();
    if (!TERMINAL && now - lastDraw < 3_000_000_000L && value < total) {
      return;
    }
    lastDraw = now;
    double seconds = (now - start) / 1e9;
    int width = 30;
    int filled = total == 0 ? width : (int) Math.min(width, width * value / total);
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    String line = String.format(Locale.ROOT, "  %-18s [%s] %,d/%,d  %,.0f/s  %.1fs %s", label, bar, value,
        total, value / Math.max(seconds, 1e-3), seconds, note == null ? "" : note);
    out.print(TERMINAL ? "\r" + line : line + "\n");
    out.flush();
  }

  /** Redraws from the internal step count. */
  void show() {
    show(done.get(), null);
  }

  /** Waits until {@code value} reaches the total or {@code timeoutMs} passes, redrawing. */
  boolean await(LongSupplier value, long timeoutMs, LongSupplier note) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      long v = value.getAsLong();
      show(v, note == null ? null : "(" + note.getAsLong() + " failed)");
      if (v >= total) {
        finish();
        return true;
      }
      if (System.currentTimeMillis() > deadline) {
        finish();
        return false;
      }
      Thread.sleep(100);
    }
  }

  void finish() {
    if (label != null && TERMINAL) {
      out.println();
    }
  }
}
