package dev.saccade.bench.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search's bracket and bisection against a job that holds up to a known count. */
class LiveSearchTest {

    private static List<Integer> tried = new ArrayList<>();

    private static LiveSearch.Probe holdsUpTo(int capacity) {
        tried = new ArrayList<>();
        return n -> {
            tried.add(n);
            return n <= capacity;
        };
    }

    @Test
    void doublesThenBisectsToAnEighth() throws Exception {
        LiveSearch.Outcome o = new LiveSearch(8, 256, () -> true).run(holdsUpTo(45));
        assertEquals(List.of(8, 16, 32, 64, 48, 40, 44), tried);
        assertEquals(44, o.maxHeld());
        assertEquals(48, o.fewestFailed());
        assertTrue(o.complete());
        assertTrue(o.fewestFailed() - o.maxHeld() <= Math.max(1, o.maxHeld() / 8));
    }

    @Test
    void halvesWhenTheFirstCountFails() throws Exception {
        LiveSearch.Outcome o = new LiveSearch(8, 256, () -> true).run(holdsUpTo(3));
        assertEquals(List.of(8, 4, 2, 3), tried);
        assertEquals(3, o.maxHeld());
        assertEquals(4, o.fewestFailed());
    }

    @Test
    void stopsAtTheMaximum() throws Exception {
        LiveSearch.Outcome o = new LiveSearch(8, 20, () -> true).run(holdsUpTo(1000));
        assertEquals(List.of(8, 16, 20), tried);
        assertEquals(20, o.maxHeld());
        assertEquals(0, o.fewestFailed());
    }

    @Test
    void holdingNothingGivesZero() throws Exception {
        LiveSearch.Outcome o = new LiveSearch(2, 8, () -> true).run(holdsUpTo(0));
        assertEquals(List.of(2, 1), tried);
        assertEquals(0, o.maxHeld());
        assertEquals(1, o.fewestFailed());
    }

    @Test
    void theBudgetEndsTheBisectionWithItsBracket() throws Exception {
        int[] steps = {0};
        LiveSearch.Outcome o = new LiveSearch(8, 256, () -> steps[0]++ < 5).run(holdsUpTo(45));
        assertEquals(List.of(8, 16, 32, 64, 48), tried);
        assertEquals(32, o.maxHeld());
        assertEquals(48, o.fewestFailed());
        assertFalse(o.complete());
    }
}
