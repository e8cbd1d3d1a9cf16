package dev.saccade.models.skipconv;

/** A residual join run on the positions either operand changed this frame (every position if either changed all). */
final class ResidualAdd {
    private final LayerPlan.Add add;
    private final int positions;

    ResidualAdd(LayerPlan.Add add, int positions) {
        this.add = add;
        this.positions = positions;
    }

    LayerPlan.Add step() {
        return add;
    }

    /** {@code out = act(x + body)} where either changed; lists the positions written. */
    void run(float[] x, float[] body, float[] out, FrameWorkspace work) {
        int a = add.aBuffer();
        int b = add.bBuffer();
        int outBuf = add.outBuffer();
        int ch = add.channels();
        if (work.all(a) || work.all(b)) {
            for (int i = 0; i < positions * ch; i++) {
                out[i] = x[i] + body[i];
            }
            Activations.apply(out, 0, positions * ch, add.act());
            work.setAll(outBuf, positions);
            return;
        }
        int[] list = work.list(outBuf);
        int[] stamp = work.stamps(outBuf);
        int stampValue = work.stampValue();
        stampChanged(work, a, stamp, stampValue);
        stampChanged(work, b, stamp, stampValue);
        // a run of neighbouring positions is one contiguous stretch of the HWC maps: one vectorised loop each
        int count = 0;
        int p = 0;
        while (p < positions) {
            if (stamp[p] != stampValue) {
                p++;
                continue;
            }
            int from = p;
            while (p < positions && stamp[p] == stampValue) {
                list[count++] = p++;
            }
            for (int i = from * ch, end = p * ch; i < end; i++) {
                out[i] = x[i] + body[i];
            }
            Activations.apply(out, from * ch, (p - from) * ch, add.act());
        }
        work.setListed(outBuf, count);
    }

    private static void stampChanged(FrameWorkspace work, int buffer, int[] stamp, int stampValue) {
        int[] list = work.list(buffer);
        for (int i = 0, n = work.count(buffer); i < n; i++) {
            stamp[list[i]] = stampValue;
        }
    }
}
