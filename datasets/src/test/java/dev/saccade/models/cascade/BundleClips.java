package dev.saccade.models.cascade;

import ai.djl.ndarray.NDManager;
import dev.saccade.datasets.synthetic.SyntheticWorkload;
import dev.saccade.datasets.synthetic.WorkloadSize;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.Split;
import dev.saccade.scenes.SceneConfig;
import java.nio.file.Path;
import java.util.List;

/** The shipped bundle, an engine manager and the first validation clips of the quick synthetic workload, for tests. */
record BundleClips(ModelBundle bundle, NDManager manager, List<ClipData> clips) implements AutoCloseable {

    static BundleClips load(int clips) throws Exception {
        ModelBundle bundle = ModelBundle.load(Path.of("../models/bundle"));
        SyntheticWorkload workload = new SyntheticWorkload(
                SceneConfig.defaults().withClipLength(bundle.manifest().clipLength()), WorkloadSize.quick());
        List<ClipData> loaded = workload.clips(Split.VALIDATION).subList(0, clips).stream()
                .map(workload::load)
                .toList();
        return new BundleClips(bundle, NDManager.newBaseManager("PyTorch"), loaded);
    }

    @Override
    public void close() {
        manager.close();
        bundle.close();
    }
}
