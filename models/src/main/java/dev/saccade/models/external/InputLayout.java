package dev.saccade.models.external;

/**
 * Where a source image lands inside a model input: scaled by {@code scaleX, scaleY} to
 * {@code scaledWidth x scaledHeight} at the top-left corner, the rest (if any) padding. Maps coordinates between the
 * source frame and the model input.
 */
public record InputLayout(
        int sourceWidth,
        int sourceHeight,
        int inputWidth,
        int inputHeight,
        float scaleX,
        float scaleY,
        int scaledWidth,
        int scaledHeight) {

    /** Layout for a spec's resize mode. */
    public static InputLayout of(
            ExternalModelSpec.ResizeMode mode, int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) {
        return mode == ExternalModelSpec.ResizeMode.LETTERBOX
                ? letterbox(sourceWidth, sourceHeight, inputWidth, inputHeight)
                : stretch(sourceWidth, sourceHeight, inputWidth, inputHeight);
    }

    /** Fits the source inside the input keeping its aspect ratio, as YOLOX's reference pre-processing does. */
    public static InputLayout letterbox(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) {
        checkSizes(sourceWidth, sourceHeight, inputWidth, inputHeight);
        float scale = Math.min(inputWidth / (float) sourceWidth, inputHeight / (float) sourceHeight);
        // Truncates like the reference's int(w * r); at least 1 px so extreme aspect ratios cannot vanish. Coordinates
        // map back with r itself, not with the truncated size, again like the reference.
        int w = Math.min(inputWidth, Math.max(1, (int) (sourceWidth * scale)));
        int h = Math.min(inputHeight, Math.max(1, (int) (sourceHeight * scale)));
        return new InputLayout(sourceWidth, sourceHeight, inputWidth, inputHeight, scale, scale, w, h);
    }

    /** Scales each axis on its own to fill the input. */
    public static InputLayout stretch(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) {
        checkSizes(sourceWidth, sourceHeight, inputWidth, inputHeight);
        return new InputLayout(
                sourceWidth,
                sourceHeight,
                inputWidth,
                inputHeight,
                inputWidth / (float) sourceWidth,
                inputHeight / (float) sourceHeight,
                inputWidth,
                inputHeight);
    }

    private static void checkSizes(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0 || inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: source " + sourceWidth + "x" + sourceHeight
                    + ", input " + inputWidth + "x" + inputHeight);
        }
    }

    /** True when the scaled image does not fill the input, so padding is needed. */
    public boolean padded() {
        return scaledWidth < inputWidth || scaledHeight < inputHeight;
    }

    public float toSourceX(float inputX) {
        return inputX / scaleX;
    }

    public float toSourceY(float inputY) {
        return inputY / scaleY;
    }

    public float toInputX(float sourceX) {
        return sourceX * scaleX;
    }

    public float toInputY(float sourceY) {
        return sourceY * scaleY;
    }
}
