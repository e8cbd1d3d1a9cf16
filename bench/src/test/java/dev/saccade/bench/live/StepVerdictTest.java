package dev.saccade.bench.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step holds only with p99 under the bound, every clip decided and a flat lag. */
class StepVerdictTest {

    /** 300 clips over 30 s (10 a second), each decided latency(i) ms after its last frame. */
    private static List<ClipLedger.Entry> clips(java.util.function.IntToLongFunction latency) {
        ClipLedger ledger = new ClipLedger();
        for (int i = 0; i < 300; i++) {
            long capture = 1_000_000 + i * 100L;
            ledger.fed("s-" + (i % 10), i * 8L, capture, 8);
            long l = latency.applyAsLong(i);
            if (l >= 0) {
                ledger.decided("s-" + (i % 10), i * 8L, capture + l, "x");
            }
        }
        return ledger.entries();
    }

    private static Map<String, Object> judge(List<ClipLedger.Entry> clips) {
        return StepVerdict.judge(10, clips, 1_000_000, 1_030_000, 2400, false, 1000, 150);
    }

    @Test
    void steadyLowLatencyHolds() {
        Map<String, Object> r = judge(clips(i -> 40 + (i % 7) * 10));
        assertEquals(true, r.get("held"));
        assertEquals(100.0, (Double) r.get("latency_ms_p99"));
        assertEquals(80.0, (Double) r.get("frames_per_s_offered"));
        // the last clips' decisions arrive after the feed stopped: 80 frames/s minus under a clip's worth
        assertTrue((Double) r.get("frames_per_s_decided") > 79.0);
        assertEquals(0, r.get("clips_undecided"));
    }

    @Test
    void aP99OverTheBoundFails() {
        Map<String, Object> r = judge(clips(i -> i % 50 == 0 ? 1500 : 50));
        assertFalse((Boolean) r.get("held"));
        assertEquals(1500.0, (Double) r.get("latency_ms_p99"));
    }

    @Test
    void growingLagFailsEvenUnderTheBound() {
        // 100 ms at the start, 700 ms at the end: p99 under 1 s, but the job falls behind
        Map<String, Object> r = judge(clips(i -> 100 + 2L * i));
        assertTrue((Double) r.get("latency_ms_p99") < 1000);
        assertTrue((Double) r.get("lag_trend_ms") > 150);
        assertFalse((Boolean) r.get("held"));
    }

    @Test
    void anUndecidedClipIsTooLate() {
        Map<String, Object> r = judge(clips(i -> i >= 290 ? -1 : 50));
        assertFalse((Boolean) r.get("held"));
        assertEquals(10, r.get("clips_undecided"));
        assertNull(r.get("latency_ms_max"));
    }

    @Test
    void anAbortedStepFails() {
        Map<String, Object> r = StepVerdict.judge(10, clips(i -> 50), 1_000_000, 1_030_000, 2400, true, 1000, 150);
        assertFalse((Boolean) r.get("held"));
    }

    @Test
    void clipsBeforeTheSettleAreNotMeasured() {
        Map<String, Object> r =
                StepVerdict.judge(10, clips(i -> i < 50 ? 5000 : 50), 1_005_000, 1_030_000, 2000, false, 1000, 150);
        assertEquals(true, r.get("held"));
        assertEquals(250, r.get("clips_measured"));
    }
}
