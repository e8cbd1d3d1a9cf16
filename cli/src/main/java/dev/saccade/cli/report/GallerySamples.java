package dev.saccade.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.cli.view.Overlay;
import dev.saccade.models.cascade.AdaptiveCascade;
import dev.saccade.models.cascade.DetectorFocus;
import dev.saccade.models.cascade.Policy;
import dev.saccade.models.data.ClipData;
import dev.saccade.models.eval.ClipObserver;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.clip.ClipBuilder;
import dev.saccade.operators.diff.TileChange;
import dev.saccade.operators.diff.TileDifferencer;
import dev.saccade.operators.diff.TileMasks;
import dev.saccade.operators.media.ImageCodec;
import dev.saccade.operators.types.Clip;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DetectedObject;
import dev.saccade.schemas.LabelScore;
import dev.saccade.schemas.Patch;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps the eval's gallery: each clip the {@link SampleSelector} picks is drawn at once, frame by frame, with what the
 * live view draws (the differencing's changed tiles, recomputed from the clip's frames as the pipeline's differencing
 * stage would; the policy's patches with their level; the detector's boxes; label, confidence and stage), truth beside
 * the label, as one JPEG contact sheet per clip in a folder beside the eval JSON; {@link #addTo} names them in the JSON.
 */
public final class GallerySamples implements ClipObserver {
    /** Frames per row of a contact sheet. */
    static final int COLUMNS = 4;
    /** A sheet wider than this is scaled down: the report shows it at page width anyway. */
    static final int MAX_WIDTH = 1600;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final List<String> labels;
    private final SampleSelector selector;
    private final OperatorSettings diff = OperatorSettings.defaults();
    private final ArrayNode kept = JSON.createArrayNode();

    /**
     * @param dir where the sheets go (created on the first kept clip)
     * @param labels the bundle's labels, by index
     */
    public GallerySamples(Path dir, List<String> labels, int perKind) {
        this.dir = dir;
        this.labels = labels;
        this.selector = new SampleSelector(perKind);
    }

    /** The folder beside an eval JSON its samples go to: {@code r.json} keeps them in {@code r.samples/}. */
    public static Path dirBeside(Path json) {
        String name = json.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        Path parent = json.toAbsolutePath().getParent();
        return parent.resolve(base + ".samples");
    }

    @Override
    public void decided(String mode, ClipData clip, AdaptiveCascade.Decision d) {
        boolean correct = d.label() == clip.label();
        String kind = selector.offer(mode, d.stage(), correct);
        if (kind == null) {
            return;
        }
        String id = "clip " + clip.ref().clipIndex() + " (seed " + clip.ref().seed() + ")";
        String file = String.format(Locale.ROOT, "%02d-%s.jpg", kept.size() + 1, slug(kind));
        ClassifiedEvent event = event(clip, d, id);
        try {
            if (kept.isEmpty()) {
                clearOldSheets();
            }
            Files.createDirectories(dir);
            Files.write(dir.resolve(file), Overlay.jpeg(sheet(clip, event, labelOf(clip.label()))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a gallery sample to " + dir, e);
        }
        ObjectNode n = kept.addObject();
        n.put("file", dir.getFileName() + "/" + file);
        n.put("kind", kind);
        n.put("mode", mode);
        n.put("clip", id);
        n.put("truth", labelOf(clip.label()));
        n.put("label", labelOf(d.label()));
        n.put("confidence", d.confidence());
        n.put("stage", d.stage());
        n.put("gmacs", d.macs() / 1e9);
        n.put("patches", d.looked().size());
        n.put("detections", d.found().size());
        n.put("changed_tiles", Overlay.changedTileCount(event));
        n.put("frames", clip.frames().length - 1);
    }

    // an earlier eval into the same folder may have kept more clips: its sheets would look like this run's
    private void clearOldSheets() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("\\d{2,}-.*\\.jpg"))
                    .toList()) {
                Files.delete(f);
            }
        }
    }

    /** How many clips were kept. */
    public int size() {
        return kept.size();
    }

    /** Adds {@code samples} (the folder and each kept clip) to the eval JSON at {@code json}, rewriting it. */
    public void addTo(Path json) throws IOException {
        JsonNode root = JSON.readTree(json.toFile());
        if (!(root instanceof ObjectNode o)) {
            throw new IOException(json + " is not a JSON object");
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("dir", dir.getFileName().toString());
        s.put("per_kind", selectorPerKind());
        s.set("clips", kept);
        o.set("samples", s);
        Files.writeString(json, JSON.writeValueAsString(o) + "\n");
    }

    private int selectorPerKind() {
        return selector.perKind();
    }

    /** The decision as the event the pipeline would have written, frames numbered 0..T-1 within the clip. */
    ClassifiedEvent event(ClipData clip, AdaptiveCascade.Decision d, String id) {
        List<Patch> patches = new ArrayList<>();
        for (Policy.Focus f : d.looked()) {
            patches.add(new Patch(
                    (long) f.frame(),
                    f.box().x(),
                    f.box().y(),
                    f.box().size(),
                    f.box().size(),
                    f.box().level()));
        }
        List<DetectedObject> found = new ArrayList<>();
        for (DetectorFocus.Found f : d.found()) {
            found.add(new DetectedObject(
                    (long) f.frame(),
                    f.group(),
                    f.className(),
                    f.score(),
                    Math.round(f.x()),
                    Math.round(f.y()),
                    Math.round(f.w()),
                    Math.round(f.h())));
        }
        int t = clip.frames().length - 1;
        return ClassifiedEvent.newBuilder()
                .setStreamId("eval")
                .setClipId(id)
                .setFirstSequence(0)
                .setLastSequence(t - 1)
                .setFirstCaptureTime(Instant.EPOCH)
                .setLastCaptureTime(Instant.EPOCH)
                .setFrameCount(t)
                .setLabel(labelOf(d.label()))
                .setLabelIndex(d.label())
                .setConfidence(d.confidence())
                .setTopK(List.of(new LabelScore(labelOf(d.label()), d.confidence())))
                .setStage(d.stage())
                .setFramesLookedAt(t)
                .setPatches(patches)
                .setGmacs(d.macs() / 1e9)
                .setDenseGmacs(0)
                .setModelVersion("")
                .setProcessingLatencyMs(0)
                .setDetections(found)
                .setChangedTiles(TileMasks.of(changedTiles(clip)))
                .build();
    }

    /**
     * The clip's changed tiles as the pipeline's differencing stage measures them (its default working frame, tile
     * size and threshold; the first frame against the frame before the clip).
     */
    Clip changedTiles(ClipData clip) {
        int w = clip.width();
        int h = clip.height();
        TileDifferencer differencer = new TileDifferencer(
                diff.diffWidth(), diff.diffHeight(), diff.tileSize(), diff.tileThreshold(), diff.sceneCutFraction());
        int t = clip.frames().length - 1;
        Clip c = new Clip();
        c.sequences = new long[t];
        c.changedTiles = new byte[t][];
        byte[] previous = ImageCodec.toGray(clip.frames()[0], w, h, diff.diffWidth(), diff.diffHeight());
        for (int i = 0; i < t; i++) {
            byte[] grey = ImageCodec.toGray(clip.frames()[i + 1], w, h, diff.diffWidth(), diff.diffHeight());
            TileChange change = differencer.compare(previous, grey);
            c.sequences[i] = i;
            c.changedTiles[i] = change.changed();
            previous = grey;
        }
        ClipBuilder.tileGrid(c, diff.diffWidth(), diff.diffHeight(), diff.tileSize());
        return c;
    }

    /** Every frame of the clip drawn with its own overlays, {@link #COLUMNS} to a row. */
    static BufferedImage sheet(ClipData clip, ClassifiedEvent event, String truth) {
        int t = clip.frames().length - 1;
        List<BufferedImage> frames = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            String note = "truth " + truth + "  frame " + (i + 1) + "/" + t;
            frames.add(Overlay.draw(bgr(clip.frames()[i + 1], clip.width(), clip.height()), event, (long) i, note));
        }
        int fw = frames.get(0).getWidth();
        int fh = frames.get(0).getHeight();
        int cols = Math.min(COLUMNS, t);
        int rows = (t + cols - 1) / cols;
        int gap = 4;
        double scale = Math.min(1.0, (double) (MAX_WIDTH - cols * gap) / (cols * fw));
        int cw = (int) Math.round(fw * scale);
        int ch = (int) Math.round(fh * scale);
        BufferedImage out = new BufferedImage(cols * (cw + gap), rows * (ch + gap), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < t; i++) {
            g.drawImage(frames.get(i), (i % cols) * (cw + gap), (i / cols) * (ch + gap), cw, ch, null);
        }
        g.dispose();
        return out;
    }

    static BufferedImage bgr(byte[] pixels, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(pixels, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, pixels.length);
        return img;
    }

    private String labelOf(int index) {
        return index >= 0 && index < labels.size() ? labels.get(index) : String.valueOf(index);
    }

    private static String slug(String kind) {
        return kind.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
