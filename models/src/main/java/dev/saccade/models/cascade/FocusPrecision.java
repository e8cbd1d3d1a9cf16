package dev.saccade.models.cascade;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The number format the focus stage runs f_L and its exits in: the bundle's float32, or float16 on a GPU. No bfloat16:
 * casting to it through DJL 0.35.1's PyTorch JNI aborted the process (on an H100 and on the CPU).
 */
public enum FocusPrecision {
    FLOAT32(DataType.FLOAT32, "float32"),
    FLOAT16(DataType.FLOAT16, "float16");

    private final DataType dataType;
    private final String label;

    FocusPrecision(DataType dataType, String label) {
        this.dataType = dataType;
        this.label = label;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The name the configuration and the bench use: float32 or float16. */
    public String label() {
        return label;
    }

    /**
     * Unit roundoff of the format's significand, which the self-check's tolerance scales: 2^-24 for float32, 2^-11 for
     * float16.
     */
    public double unitRoundoff() {
        return switch (this) {
            case FLOAT32 -> Math.pow(2, -24);
            case FLOAT16 -> Math.pow(2, -11);
        };
    }

    /** Parses float32 (fp32) or float16 (fp16, half), any case. */
    public static FocusPrecision parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "float32", "fp32" -> FLOAT32;
            case "float16", "fp16", "half" -> FLOAT16;
            case "bfloat16", "bf16" -> throw new IllegalArgumentException(
                    "focus precision bfloat16 is not offered: DJL 0.35.1's PyTorch JNI aborted the process on it");
            default -> throw new IllegalArgumentException(
                    "focus precision must be float32 or float16, not '" + name + "'");
        };
    }
}
