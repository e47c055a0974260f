package dev.chatmesh.bench;

import io.netty.channel.Channel;

import java.util.Arrays;

/**
 * One logical stream of the load: it outlives its TCP connections (a storm drops them, a
 * resume opens a new one) and keeps the ledger that says whether every frame of its company
 * arrived exactly once and in order. Touched only on the event loop of its current connection,
 * and read by the main thread after the loops went quiet.
 */
final class Stream {

  private static final int MAX_TRACKED_GAPS = 4096;

  final int index;
  final Tenant tenant;
  /** The sequence before the first frame this stream must see; -1 until known. */
  long base = -1;
  /** The highest sequence seen. */
  long last = -1;
  long unique;
  long duplicates;
  long reordered;
  /** Gaps beyond {@link #MAX_TRACKED_GAPS}, counted as lost at once. */
  long untracked;
  long resets;
  private long[] missing = new long[0];
  private int missingCount;

  int connects;
  int drops;
  int failures;
  int lastStatus;
  volatile boolean live;
  volatile Channel channel;
  long connectStartNanos;
  long readyNanos;

  Stream(int index, Tenant tenant) {
    this.index = index;
    this.tenant = tenant;
  }

  /** The {@code ready} event: where the company's sequence stood when the stream opened. */
  void ready(long headId) {
    if (base < 0 && headId >= 0) {
      base = headId;
      last = headId;
    }
  }

  /** The history this stream asked for is gone; what it skipped counts as lost. */
  void reset(long headId) {
    resets++;
    if (headId > last) {
      untracked += headId - last;
      last = headId;
    }
  }

  /** A data frame with sequence {@code seq} (or -1 when the frame carries none). */
  void frame(long seq) {
    if (seq < 0) {
      unique++;
      return;
    }
    if (base < 0) {
      base = seq - 1;
      last = seq - 1;
    }
    if (seq == last + 1) {
      last = seq;
      unique++;
    } else if (seq > last + 1) {
      for (long gap = last + 1; gap < seq; gap++) {
        if (missingCount < MAX_TRACKED_GAPS) {
          if (missingCount == missing.length) {
            missing = Arrays.copyOf(missing, Math.max(8, missing.length * 2));
          }
          missing[missingCount++] = gap;
        } else {
          untracked++;
        }
      }
      last = seq;
      unique++;
    } else if (seq > base && takeMissing(seq)) {
      reordered++;
      unique++;
    } else {
      duplicates++;
    }
  }

  /** Frames of its company this stream never got, given the company's final sequence. */
  long lost(long finalSeq) {
    long tail = base < 0 ? 0 : Math.max(0, finalSeq - last);
    return missingCount + untracked + tail;
  }

  private boolean takeMissing(long seq) {
    for (int k = 0; k < missingCount; k++) {
      if (missing[k] == seq) {
        missing[k] = missing[--missingCount];
        return true;
      }
    }
    return false;
  }
}
