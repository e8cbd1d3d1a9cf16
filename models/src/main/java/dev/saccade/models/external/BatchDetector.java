package dev.saccade.models.external;

import java.util.List;

/** An object detector that takes frames in batches: one list of detections per frame, in order. */
public interface BatchDetector extends AutoCloseable {

    /** Objects in each BGR24 frame of {@code frames}, in order. */
    List<List<Detection>> detect(List<BgrImage> frames);

    /** Where and how it runs, for logs and reports, e.g. "onnxruntime cpu" or "pytorch gpu0". */
    String describe();

    @Override
    void close();
}
