package dev.saccade.datasets.synthetic;

import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.ClipDataset;
import dev.saccade.models.data.ClipRef;
import dev.saccade.models.data.ObjectBox;
import dev.saccade.models.data.Split;
import dev.saccade.scenes.Box;
import dev.saccade.scenes.EventClass;
import dev.saccade.scenes.SceneClip;
import dev.saccade.scenes.SceneConfig;
import dev.saccade.scenes.SceneFrame;
import dev.saccade.scenes.SceneGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled synthetic workload: clips of the scene generator, split by seed. Training clips are drawn with a cap
 * per class so rare events are seen often enough; validation and test keep the generator's natural mix, in which most
 * clips are quiet, as in real surveillance.
 */
public final class SyntheticWorkload implements ClipDataset {
    private final SceneConfig config;
    private final WorkloadSize size;
    private final Map<Long, SceneGenerator> generators = new HashMap<>();

    public SyntheticWorkload(SceneConfig config, WorkloadSize size) {
        this.config = config;
        this.size = size;
    }

    /** The synthetic workload of the scene generator's default scenes, clips of {@code clipLength} frames. */
    public static SyntheticWorkload of(int clipLength, WorkloadSize size) {
        return new SyntheticWorkload(SceneConfig.defaults().withClipLength(clipLength), size);
    }

    public SceneConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public List<String> labels() {
        return EventClass.labels();
    }

    @Override
    public int clipLength() {
        return config.clipLength();
    }

    @Override
    public int width() {
        return config.width();
    }

    @Override
    public int height() {
        return config.height();
    }

    @Override
    public List<ClipRef> balancedTrainingClips(int sources, int clips) {
        return balancedClips(Split.TRAIN, sources, clips);
    }

    @Override
    public List<ClipRef> clips(Split split) {
        List<ClipRef> refs = new ArrayList<>();
        int perBackground = size.clipsPerBackground(split);
        for (int b = 0; b < size.backgrounds(split); b++) {
            long seed = split.seed(b);
            SceneGenerator g = generator(seed);
            if (split != Split.TRAIN) {
                for (int i = 0; i < perBackground; i++) {
                    refs.add(new ClipRef(seed, i, g.clipLabel(i).index()));
                }
                continue;
            }
            int[] taken = new int[EventClass.values().length];
            int quietCap = (int) Math.ceil(perBackground * 0.3);
            int eventCap = (int) Math.ceil(perBackground * 0.2);
            int added = 0;
            for (int i = 0; added < perBackground && i < perBackground * 20; i++) {
                EventClass label = g.clipLabel(i);
                int cap = label.isQuiet() ? quietCap : eventCap;
                if (taken[label.index()] < cap) {
                    taken[label.index()]++;
                    refs.add(new ClipRef(seed, i, label.index()));
                    added++;
                }
            }
        }
        return refs;
    }

    /**
     * {@code clips} clips of the split's first {@code backgrounds} backgrounds, the same number from each and equal
     * shares per class. On a small budget this beats the capped mix of {@link #clips}: idle no longer outnumbers each
     * event two to one, and more scenes are seen.
     */
    public List<ClipRef> balancedClips(Split split, int backgrounds, int clips) {
        int classes = EventClass.values().length;
        int perBackground = clips / backgrounds;
        List<ClipRef> refs = new ArrayList<>();
        for (int b = 0; b < backgrounds; b++) {
            long seed = split.seed(b);
            SceneGenerator g = generator(seed);
            int[] wanted = new int[classes];
            for (int c = 0; c < classes; c++) {
                // the remainder goes to different classes on each background, so the totals stay equal
                wanted[c] = (perBackground + (c + b) % classes) / classes;
            }
            int missing = perBackground;
            for (int i = 0; missing > 0 && i < perBackground * 200; i++) {
                int label = g.clipLabel(i).index();
                if (wanted[label] > 0) {
                    wanted[label]--;
                    missing--;
                    refs.add(new ClipRef(seed, i, label));
                }
            }
        }
        return refs;
    }

    /** Renders a clip and the frame before it. */
    @Override
    public ClipData load(ClipRef ref) {
        SceneGenerator g = generator(ref.seed());
        // a generator is not thread-safe; clips of different backgrounds still render in parallel
        synchronized (g) {
            return render(g, ref);
        }
    }

    private ClipData render(SceneGenerator g, ClipRef ref) {
        SceneClip clip = g.clip(ref.clipIndex());
        int t = clip.length();
        byte[][] frames = new byte[t + 1][];
        ObjectBox[] boxes = new ObjectBox[t];
        boolean[] active = new boolean[t];
        long first = clip.frame(0).sequence();
        frames[0] = first > 0 ? g.frame(first - 1).bgr() : clip.frame(0).bgr();
        for (int i = 0; i < t; i++) {
            SceneFrame f = clip.frame(i);
            frames[i + 1] = f.bgr();
            boxes[i] = f.objectBoxes().isEmpty() ? null : box(f.objectBoxes().get(0));
            active[i] = f.eventActive();
        }
        return new ClipData(ref, config.width(), config.height(), frames, boxes, active);
    }

    private static ObjectBox box(Box b) {
        return new ObjectBox(b.x(), b.y(), b.width(), b.height());
    }

    private synchronized SceneGenerator generator(long seed) {
        return generators.computeIfAbsent(seed, s -> new SceneGenerator(config, s));
    }
}
