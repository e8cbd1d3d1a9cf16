package dev.saccade.feed;

import java.util.Map;

/** An uncompressed BGR24 frame from a source, with optional ground truth to pass along as frame metadata. */
public record RawFrame(int width, int height, byte[] bgr, Map<String, String> metadata) {}
