package dev.chatmesh.client;

import java.util.random.RandomGenerator;

/** A "random" source that always draws the top of the range, so a delay is its ceiling. */
final class MaxJitter implements RandomGenerator {

    @Override
    public long nextLong() {
        return Long.MAX_VALUE;
    }

    @Override
    public long nextLong(long bound) {
        return bound - 1;
    }
}
