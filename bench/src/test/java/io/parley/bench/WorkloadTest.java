package io.parley.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadTest {

    /** A clean run: nothing lost, every socket held, every resume acked, 1 GiB not reached. */
    private static Workload.Measurement clean(double perSecond, double p50, double p99, double catchUpMs, long rssMiB) {
        return new Workload.Measurement(perSecond, p50, p99, 1000, 1000, 0, 0, 0, 0, 1100, 1100, 200, 200, catchUpMs, 0,
                rssMiB);
    }

    @Test
    void throughputTargetsAreMetAtTheIssuesFiguresAndMissedBelow() {
        assertThat(Workload.CLOSED.met(clean(5000, 1, 1, 1, 500))).isTrue();
        assertThat(Workload.CLOSED.met(clean(4999, 1, 1, 1, 500))).isFalse();
        assertThat(Workload.IDLE.met(clean(4000, 1, 1, 1, 500))).isTrue();
        assertThat(Workload.IDLE.met(clean(3999, 1, 1, 1, 500))).isFalse();
    }

    @Test
    void openLoopNeedsBothPercentiles() {
        assertThat(Workload.OPEN.met(clean(0, 2, 20, 1, 500))).isTrue();
        assertThat(Workload.OPEN.met(clean(0, 2.1, 20, 1, 500))).isFalse();
        assertThat(Workload.OPEN.met(clean(0, 2, 20.1, 1, 500))).isFalse();
        assertThat(Workload.OPEN.met(clean(0, Double.NaN, Double.NaN, 1, 500))).as("nothing delivered").isFalse();
    }

    @Test
    void aLostDuplicateReorderedOrUnansweredMessageMissesEveryDeliveringTarget() {
        Workload.Measurement reordered = new Workload.Measurement(9999, 1, 1, 1000, 1000, 0, 0, 1, 0, 1100, 1100, 200,
                200, 1, 0, 500);
        Workload.Measurement unanswered = new Workload.Measurement(9999, 1, 1, 1000, 1000, 0, 0, 0, 3, 1100, 1100, 200,
                200, 1, 0, 500);
        for (Workload workload : List.of(Workload.CLOSED, Workload.OPEN, Workload.IDLE, Workload.OFFLINE, Workload.RESUME)) {
            assertThat(workload.met(reordered)).as(workload.id()).isFalse();
            assertThat(workload.met(unanswered)).as(workload.id()).isFalse();
        }
    }

    @Test
    void aSocketClosedMissesTheTargetsThatHoldSockets() {
        Workload.Measurement oneClosed = new Workload.Measurement(9999, 1, 1, 1000, 1000, 0, 0, 0, 0, 1099, 1100, 200,
                200, 1, 0, 500);
        assertThat(Workload.CLOSED.met(oneClosed)).isFalse();
        assertThat(Workload.IDLE.met(oneClosed)).isFalse();
        assertThat(Workload.IDLE_10K.met(oneClosed)).isFalse();
        assertThat(Workload.RESUME.met(oneClosed)).isFalse();
    }

    @Test
    void idleSocketsNeedTheRssWithinOneGibAndAMeasuredRss() {
        assertThat(Workload.IDLE_10K.met(clean(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1024))).isTrue();
        assertThat(Workload.IDLE_10K.met(clean(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1025))).isFalse();
        assertThat(Workload.IDLE_10K.met(clean(Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1))).isFalse();
    }

    @Test
    void offlineNeedsEveryMessageWithinOneHundredMillisecondsTheGapFetchedOverRest() {
        assertThat(Workload.OFFLINE.met(clean(0, 1, 1, 100, 500))).isTrue();
        assertThat(Workload.OFFLINE.met(clean(0, 1, 1, 101, 500))).isFalse();
        assertThat(Workload.OFFLINE.met(clean(0, 1, 1, Double.NaN, 500))).as("nothing delivered").isFalse();
        Workload.Measurement partly = new Workload.Measurement(0, 1, 1, 1000, 200, 0, 0, 0, 0, 2, 2, -1, -1, 50, 1, 500);
        assertThat(Workload.OFFLINE.met(partly)).as("a gap left unfetched: 800 missing").isFalse();
        Workload.Measurement gapFetched = new Workload.Measurement(0, 1, 1, 1000, 1000, 0, 0, 0, 0, 2, 2, -1, -1, 80, 1,
                500);
        assertThat(Workload.OFFLINE.met(gapFetched)).as("the gap fetched over REST in time").isTrue();
    }

    @Test
    void resumeNeedsEveryResumeAcked() {
        Workload.Measurement oneRefused = new Workload.Measurement(0, 1, 1, 1000, 1000, 0, 0, 0, 0, 200, 200, 199, 200,
                Double.NaN, 0, 500);
        assertThat(Workload.RESUME.met(oneRefused)).isFalse();
        assertThat(Workload.RESUME.met(clean(0, 1, 1, 1, 500))).isTrue();
    }

    @Test
    void parsesAllOrANamedListInItsOrderAndRefusesAnUnknownName() {
        assertThat(Workload.parse("all")).containsExactly(Workload.values());
        assertThat(Workload.parse("offline, idle10k")).containsExactly(Workload.OFFLINE, Workload.IDLE_10K);
        assertThatThrownBy(() -> Workload.parse("closed,bursts")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bursts");
    }

    @Test
    void scaleShrinksTheSizesButNotTheDurations() {
        LoadParams params = LoadParams.parse(new String[]{"workloads=all", "workloadScale=10", "seconds=7",
                "serverUrl=http://127.0.0.1:9"});
        LoadParams idle = params.forWorkload(Workload.IDLE);
        assertThat(idle.pairs()).isEqualTo(5);
        assertThat(idle.idle()).isEqualTo(100);
        assertThat(idle.messages()).isEqualTo(100);
        assertThat(idle.rate()).isZero();
        LoadParams open = params.forWorkload(Workload.OPEN);
        assertThat(open.pairs()).isEqualTo(20);
        assertThat(open.rate()).isEqualTo(200);
        assertThat(open.seconds()).isEqualTo(7);
        assertThat(open.messages()).isZero();
        LoadParams sockets = params.forWorkload(Workload.IDLE_10K);
        assertThat(sockets.senders() + sockets.idle()).isEqualTo(1000);
        assertThat(open.workloadList()).as("a workload's own parameters run no suite").isEmpty();
    }
}
