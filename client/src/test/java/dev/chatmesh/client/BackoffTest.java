package dev.chatmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff fresh = Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void everyDelayLiesBetweenZeroAndTheCeilingOfItsAttempt() {
        Random random = new Random(1);
        Backoff backoff = fresh;
        for (int i = 0; i < 1000; i++) {
            Backoff.Step step = backoff.next(random);
            assertThat(step.delay()).isBetween(Duration.ZERO, backoff.ceiling());
            backoff = step.next();
        }
    }

    @Test
    void theCeilingDoublesFromTheBaseUntilTheCap() {
        List<Duration> ceilings = new ArrayList<>();
        Backoff backoff = fresh;
        for (int i = 0; i < 8; i++) {
            ceilings.add(backoff.ceiling());
            backoff = backoff.next(new Random(i)).next();
        }

        assertThat(ceilings).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    @Test
    void delaysGrowWithTheAttemptsAndUseTheWholeJitterRange() {
        Random random = new Random(3);
        Backoff first = fresh;
        Backoff fourth = fresh.next(random).next().next(random).next().next(random).next();
        long firstMax = 0;
        long fourthMax = 0;
        long fourthMin = Long.MAX_VALUE;
        for (int i = 0; i < 500; i++) {
            firstMax = Math.max(firstMax, first.next(random).delay().toMillis());
            long d = fourth.next(random).delay().toMillis();
            fourthMax = Math.max(fourthMax, d);
            fourthMin = Math.min(fourthMin, d);
        }

        assertThat(firstMax).isBetween(900L, 1000L);
        assertThat(fourthMax).isBetween(7_500L, 8_000L);
        assertThat(fourthMin).as("full jitter goes down to zero").isLessThan(200L);
    }

    @Test
    void theCapHoldsEvenAfterVeryManyAttemptsWithoutOverflow() {
        Backoff late = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Integer.MAX_VALUE);
        Random random = new Random(5);

        assertThat(late.ceiling()).isEqualTo(Duration.ofSeconds(30));
        assertThat(late.next(random).delay()).isBetween(Duration.ZERO, Duration.ofSeconds(30));
        assertThat(late.next(random).next().attempt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(fresh.withBase(Duration.ofSeconds(45)).ceiling()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void resetGoesBackToTheBaseAndKeepsBaseAndCap() {
        Backoff worn = fresh.next(new Random(1)).next().next(new Random(2)).next();

        assertThat(worn.attempt()).isEqualTo(2);
        assertThat(worn.reset()).isEqualTo(fresh);
        assertThat(worn.reset().ceiling()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void nextReturnsANewValueAndLeavesTheOldOneUnchanged() {
        Backoff.Step step = fresh.next(new Random(9));

        assertThat(fresh.attempt()).isZero();
        assertThat(step.next()).isNotSameAs(fresh);
        assertThat(step.next().attempt()).isEqualTo(1);
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        assertThat(delays(new Random(11))).isEqualTo(delays(new Random(11)));
    }

    @Test
    void withBaseReplacesTheBaseAndKeepsTheAttempt() {
        Backoff worn = fresh.next(new Random(1)).next();

        Backoff server = worn.withBase(Duration.ofMillis(200));

        assertThat(server.attempt()).isEqualTo(1);
        assertThat(server.ceiling()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aNonPositiveBaseOrCapIsRejected() {
        assertThatThrownBy(() -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base");
        assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap");
    }

    private List<Duration> delays(Random random) {
        List<Duration> out = new ArrayList<>();
        Backoff backoff = fresh;
        for (int i = 0; i < 10; i++) {
            Backoff.Step step = backoff.next(random);
            out.add(step.delay());
            backoff = step.next();
        }
        return out;
    }
}
