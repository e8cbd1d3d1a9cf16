package dev.saccade.operators.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saccade.models.cascade.Policy;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.data.PatchBox;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.operators.types.Clip;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A clip of reduced frames is decoded at full size again only for the frames the focus stage's looks are in. */
class ModelClipsTest {
    private static final int T = 4;
    private static final int W = 64;
    private static final int H = 48;

    private static byte[] bgr(int seed) {
        byte[] b = new byte[W * H * 3];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * seed / 7);
        }
        return b;
    }

    @Test
    void onlyTheLookedAtFramesAreDecodedAtFullSize() {
        Clip clip = new Clip();
        clip.clipId = "cam/0";
        clip.frames = new byte[T + 1][];
        clip.encodedFrames = new byte[T + 1][];
        clip.encodings = new String[T + 1];
        byte[][] jpegs = new byte[T + 1][];
        for (int i = 0; i <= T; i++) {
            jpegs[i] = ImageCodec.encodeJpeg(bgr(i + 1), W, H, 90);
            clip.frames[i] = new byte[W / 2 * H / 2 * 3];
            clip.encodedFrames[i] = i == 0 ? null : jpegs[i];
            clip.encodings[i] = i == 0 ? null : "JPEG";
        }
        clip.frameWidth = W / 2;
        clip.frameHeight = H / 2;
        ClipData reduced = ModelClips.of(clip, T);
        List<Policy.Focus> plan = List.of(
                new Policy.Focus(1, new PatchBox(0, 0, 16, 0), 1f),
                new Policy.Focus(3, new PatchBox(8, 8, 16, 0), 0.5f));

        ClipData full = ModelClips.fullSize(clip, reduced, plan, W, H);

        assertThat(full.width()).isEqualTo(W);
        assertThat(full.height()).isEqualTo(H);
        assertThat(full.frames()[2]).isEqualTo(ImageCodec.decode(jpegs[2]).pixels());
        assertThat(full.frames()[4]).isEqualTo(ImageCodec.decode(jpegs[4]).pixels());
        assertThat(full.frames()[0]).isNull();
        assertThat(full.frames()[1]).isNull();
        assertThat(full.frames()[3]).isNull();
    }

    @Test
    void fullSizeFramesStayAsTheyAre() {
        Clip clip = new Clip();
        clip.clipId = "cam/0";
        clip.frames = new byte[T + 1][];
        for (int i = 0; i <= T; i++) {
            clip.frames[i] = bgr(i + 1);
        }
        clip.frameWidth = W;
        clip.frameHeight = H;
        ClipData data = ModelClips.of(clip, T);
        assertThat(ModelClips.fullSize(clip, data, List.of(), W, H)).isSameAs(data);
    }
}
