package dev.saccade.models.cascade;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/** The number format the focus stage runs f_L and its exits in: the bundle's float32, or a half format for GPUs. */
public enum FocusPrecision {
    FLOAT32(DataType.FLOAT32, "float32"),
    FLOAT16(DataType.FLOAT16, "float16"),
    BFLOAT16(DataType.BFLOAT16, "bfloat16");

    private final DataType dataType;
    private final String label;

    FocusPrecision(DataType dataType, String label) {
        this.dataType = dataType;
        this.label = label;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The name the configuration and the bench use: float32, float16 or bfloat16. */
    public String label() {
        return label;
    }

    /**
     * Unit roundoff of the format's significand, which the self-check's tolerance scales: 2^-24 for float32, 2^-11 for
     * float16, 2^-8 for bfloat16.
     */
    public double unitRoundoff() {
        return switch (this) {
            case FLOAT32 -> Math.pow(2, -24);
            case FLOAT16 -> Math.pow(2, -11);
            case BFLOAT16 -> Math.pow(2, -8);
        };
    }

    /** Parses float32, float16 (fp16) or bfloat16 (bf16), any case. */
    public static FocusPrecision parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "float32", "fp32" -> FLOAT32;
            case "float16", "fp16", "half" -> FLOAT16;
            case "bfloat16", "bf16" -> BFLOAT16;
            default -> throw new IllegalArgumentException(
                    "focus precision must be float32, float16 or bfloat16, not '" + name + "'");
        };
    }
}
