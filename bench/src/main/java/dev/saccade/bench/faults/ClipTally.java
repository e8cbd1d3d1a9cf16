package dev.saccade.bench.faults;

import dev.saccade.schemas.ClassifiedEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What came out of a run against what went in: the expected clips none of the events covers, the clips delivered more
 * than once, the events for clips nobody fed, and the clips whose label or deciding stage differ from a reference run.
 */
public final class ClipTally {
    private final Set<String> expected;
    private final Map<String, ClassifiedEvent> first = new TreeMap<>();
    private final Map<String, Integer> count = new TreeMap<>();
    private final Set<String> unexpected = new TreeSet<>();

    public ClipTally(Collection<String> expectedClipIds) {
        this.expected = new TreeSet<>(expectedClipIds);
    }

    /** Counts one committed event. */
    public void add(ClassifiedEvent e) {
        String clip = e.getClipId().toString();
        if (!expected.contains(clip)) {
            unexpected.add(clip);
            return;
        }
        first.putIfAbsent(clip, e);
        count.merge(clip, 1, Integer::sum);
    }

    public int expectedClips() {
        return expected.size();
    }

    public int seenClips() {
        return first.size();
    }

    public boolean complete() {
        return first.size() == expected.size();
    }

    public List<String> lost() {
        List<String> out = new ArrayList<>();
        for (String clip : expected) {
            if (!first.containsKey(clip)) {
                out.add(clip);
            }
        }
        return out;
    }

    /** Clips delivered more than once, with how many times. */
    public Map<String, Integer> duplicates() {
        Map<String, Integer> out = new TreeMap<>();
        count.forEach((clip, n) -> {
            if (n > 1) {
                out.put(clip, n);
            }
        });
        return out;
    }

    /** Events whose clip id was never fed (a clip cut at another frame than the feed's, for instance). */
    public Set<String> unexpected() {
        return Set.copyOf(unexpected);
    }

    /** Each clip's first event, by clip id. */
    public Map<String, ClassifiedEvent> byClip() {
        return Map.copyOf(first);
    }

    /** Clips whose label or stage differ from the reference's, or that one of the two runs lacks: clip to "ours vs theirs". */
    public Map<String, String> differencesFrom(ClipTally reference) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String clip : expected) {
            String ours = describe(first.get(clip));
            String theirs = describe(reference.first.get(clip));
            if (!ours.equals(theirs)) {
                out.put(clip, ours + " vs fault-free " + theirs);
            }
        }
        return out;
    }

    /** Counts of the first events by deciding stage. */
    public Map<String, Integer> byStage() {
        Map<String, Integer> out = new TreeMap<>();
        first.values().forEach(e -> out.merge(e.getStage().toString(), 1, Integer::sum));
        return out;
    }

    private static String describe(ClassifiedEvent e) {
        return e == null ? "(none)" : e.getLabel() + "/" + e.getStage();
    }
}
