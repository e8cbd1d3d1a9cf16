package dev.saccade.models.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts of (true class, predicted class) pairs; mutable, not thread-safe. */
public final class ConfusionMatrix {

    private final long[][] counts;

    /** An empty matrix over {@code classes} classes. */
    public ConfusionMatrix(int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be positive: " + classes);
        }
        counts = new long[classes][classes];
    }

    /** A matrix holding a copy of {@code counts} (rows: true class, columns: predicted class). */
    public static ConfusionMatrix of(long[][] counts) {
        ConfusionMatrix m = new ConfusionMatrix(counts.length);
        for (int t = 0; t < counts.length; t++) {
            if (counts[t].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix is not square: row " + t);
            }
            for (int p = 0; p < counts.length; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("negative count at " + t + "," + p);
                }
                m.counts[t][p] = counts[t][p];
            }
        }
        return m;
    }

    /** Records one sample of class {@code trueIndex} predicted as {@code predictedIndex}. */
    public ConfusionMatrix add(int trueIndex, int predictedIndex) {
        counts[trueIndex][predictedIndex]++;
        return this;
    }

    /** Number of classes. */
    public int size() {
        return counts.length;
    }

    /** Number of samples. */
    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    /** Samples whose true class is {@code trueIndex}. */
    public long support(int trueIndex) {
        long n = 0;
        for (long c : counts[trueIndex]) {
            n += c;
        }
        return n;
    }

    /** Fraction of samples predicted correctly; NaN when there are none, since 0 would claim a result. */
    public double accuracy() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return (double) correct / total;
    }

    /**
     * Recall of every true class, keyed by {@code labels} in their order. Classes without samples are
     * omitted rather than given NaN, so the map serializes to plain JSON numbers and a missing class
     * reads as "not measured".
     */
    public Map<String, Double> perClassAccuracy(List<String> labels) {
        if (labels.size() != counts.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + counts.length + " classes");
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            long support = support(i);
            if (support > 0) {
                recall.put(labels.get(i), (double) counts[i][i] / support);
            }
        }
        return recall;
    }

    /** A copy of the counts: rows are true classes, columns predicted classes. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }
}
