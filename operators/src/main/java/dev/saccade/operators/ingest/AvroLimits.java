package dev.saccade.operators.ingest;

/** Caps the lengths Avro will allocate for, so a corrupt length prefix cannot ask for gigabytes. */
public final class AvroLimits {
    /** Larger than any frame the input limits allow, far below what would hurt a TaskManager heap. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    private AvroLimits() {}

    /** Must run before Avro's SystemLimitException class initialises; later calls are harmless. */
    public static void install() {
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", MAX_BYTES);
        setIfAbsent("org.apache.avro.limits.string.maxLength", 16L * 1024 * 1024);
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", 1_000_000L);
    }

    private static void setIfAbsent(String key, long value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, Long.toString(value));
        }
    }
}
