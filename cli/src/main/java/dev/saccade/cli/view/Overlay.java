package dev.saccade.cli.view;

import dev.saccade.operators.diff.TileMasks;
import dev.saccade.schemas.ChangedTiles;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DetectedObject;
import dev.saccade.schemas.Patch;
import dev.saccade.schemas.TileMask;
import dev.saccade.schemas.VideoFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws what an event carries over a frame (Java2D, no native code): the frame differencing's changed tiles
 * (translucent violet), the focus stage's patches (amber, tagged with their pyramid level), the
 * detector's boxes with class and score (green for people, cyan for vehicles, magenta otherwise), and a banner with
 * the clip's label, confidence and deciding stage. Frames narrower than 480 px are drawn at twice their size so the
 * text stays readable.
 */
public final class Overlay {
    /** Colour of a focus patch. */
    public static final Color PATCH = new Color(255, 190, 0);

    /** Fill of a changed tile: translucent, so the picture stays visible under it. */
    public static final Color TILE = new Color(160, 80, 255, 80);

    static final Color PERSON = new Color(40, 220, 90);
    static final Color VEHICLE = new Color(0, 200, 255);
    static final Color OTHER = new Color(240, 60, 220);

    static {
        // servers have no display; respect an explicit choice made by an embedding GUI
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Overlay() {}

    /** The frame's pixels, whatever its encoding. */
    public static BufferedImage decode(VideoFrame frame) {
        ByteBuffer payload = frame.getPayload().duplicate();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        int w = frame.getWidth();
        int h = frame.getHeight();
        switch (frame.getEncoding()) {
            case RAW_BGR24 -> {
                if (bytes.length != w * h * 3) {
                    throw new IllegalArgumentException(
                            "raw BGR payload of " + bytes.length + " bytes for " + w + "x" + h);
                }
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                System.arraycopy(
                        bytes, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, bytes.length);
                return img;
            }
            case GRAY8 -> {
                if (bytes.length != w * h) {
                    throw new IllegalArgumentException("grey payload of " + bytes.length + " bytes for " + w + "x" + h);
                }
                // as BGR: Java2D treats TYPE_BYTE_GRAY as linear grey and would brighten it on the way to sRGB
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < bytes.length; i++) {
                    bgr[3 * i] = bytes[i];
                    bgr[3 * i + 1] = bytes[i];
                    bgr[3 * i + 2] = bytes[i];
                }
                return img;
            }
            default -> {
                try {
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                    if (img == null) {
                        throw new IllegalArgumentException(frame.getEncoding() + " payload does not decode");
                    }
                    return img;
                } catch (IOException e) {
                    throw new IllegalArgumentException(frame.getEncoding() + " payload does not decode: " + e, e);
                }
            }
        }
    }

    /** The scale the frame is drawn at: 2 for frames narrower than 480 px, else 1. */
    public static int scaleFor(BufferedImage frame) {
        return frame.getWidth() < 480 ? 2 : 1;
    }

    /** The frame at {@link #scaleFor its drawing scale}, without overlays. */
    public static BufferedImage plain(BufferedImage frame) {
        int s = scaleFor(frame);
        BufferedImage out = new BufferedImage(frame.getWidth() * s, frame.getHeight() * s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /**
     * The frame at its drawing scale with the event's patches, detections and banner drawn over it; with no event, a
     * banner saying the stream waits for its first decision.
     */
    public static BufferedImage draw(BufferedImage frame, ClassifiedEvent event) {
        return draw(frame, event, null, null);
    }

    /**
     * As {@link #draw(BufferedImage, ClassifiedEvent)}; with {@code frameSequence} set, only what belongs to that frame
     * of the clip (its changed tiles, the patches and boxes cut from it) rather than the whole clip's, and with
     * {@code note} set, that text after the banner's caption.
     */
    public static BufferedImage draw(BufferedImage frame, ClassifiedEvent event, Long frameSequence, String note) {
        int s = scaleFor(frame);
        BufferedImage out = plain(frame);
        Graphics2D g = out.createGraphics();
        // boxes in crisp, exact colours; text smoothed
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Font small = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, out.getWidth() / 50));
        if (event != null) {
            tiles(g, event.getChangedTiles(), frameSequence, out.getWidth(), out.getHeight());
            g.setStroke(new BasicStroke(2f));
            for (Patch p : event.getPatches()) {
                if (frameSequence != null && p.getFrameSequence() != frameSequence) {
                    continue;
                }
                String tag = p.getLevel() >= 0 ? "L" + p.getLevel() : "patch";
                box(g, small, PATCH, p.getX() * s, p.getY() * s, p.getWidth() * s, p.getHeight() * s, tag);
            }
            for (DetectedObject d : event.getDetections()) {
                if (frameSequence != null && d.getFrameSequence() != frameSequence) {
                    continue;
                }
                String tag = String.format(Locale.ROOT, "%s %.2f", d.getClassName(), d.getScore());
                box(
                        g,
                        small,
                        colourOf(d.getGroup().toString()),
                        d.getX() * s,
                        d.getY() * s,
                        d.getWidth() * s,
                        d.getHeight() * s,
                        tag);
            }
        }
        banner(g, out.getWidth(), out.getHeight(), event, note);
        g.dispose();
        return out;
    }

    /**
     * Fills the changed tiles: of one frame where {@code frameSequence} is set, else every tile that changed anywhere
     * in the clip (the view draws an event over a frame newer than the clip, so no single frame's mask fits it).
     */
    private static void tiles(Graphics2D g, ChangedTiles tiles, Long frameSequence, int width, int height) {
        if (tiles == null || TileMasks.problem(tiles) != null) {
            return;
        }
        boolean[] changed;
        if (frameSequence == null) {
            changed = TileMasks.union(tiles);
        } else {
            TileMask m = TileMasks.forFrame(tiles, frameSequence);
            if (m == null) {
                return;
            }
            changed = new boolean[tiles.getColumns() * tiles.getRows()];
            for (int t = 0; t < changed.length; t++) {
                changed[t] = TileMasks.isChanged(m, t);
            }
        }
        g.setColor(TILE);
        for (int t = 0; t < changed.length; t++) {
            if (changed[t]) {
                int[] r = TileMasks.rect(tiles, t, width, height);
                g.fillRect(r[0], r[1], r[2], r[3]);
            }
        }
    }

    /** How many tiles changed anywhere in the event's clip, or -1 where the event does not say. */
    public static int changedTileCount(ClassifiedEvent event) {
        if (event == null || event.getChangedTiles() == null || TileMasks.problem(event.getChangedTiles()) != null) {
            return -1;
        }
        int n = 0;
        for (boolean c : TileMasks.union(event.getChangedTiles())) {
            n += c ? 1 : 0;
        }
        return n;
    }

    /** The event's banner text: label, confidence, deciding stage (and counts where the bundle has them). */
    public static String caption(ClassifiedEvent event) {
        if (event == null) {
            return "waiting for the first decision";
        }
        StringBuilder b = new StringBuilder(
                String.format(Locale.ROOT, "%s %.2f  [%s]", event.getLabel(), event.getConfidence(), event.getStage()));
        if (!event.getCounts().isEmpty()) {
            b.append("  ").append(event.getCounts());
        }
        if (event.getDegraded()) {
            b.append("  degraded");
        }
        return b.toString();
    }

    /** JPEG bytes of an image (quality 0.85). */
    public static byte[] jpeg(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static Color colourOf(String group) {
        return switch (group) {
            case "person" -> PERSON;
            case "vehicle" -> VEHICLE;
            default -> OTHER;
        };
    }

    private static void box(Graphics2D g, Font font, Color colour, int x, int y, int w, int h, String tag) {
        g.setColor(colour);
        g.drawRect(x, y, w, h);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(tag) + 6;
        int th = fm.getHeight();
        int ty = y - th >= 0 ? y - th : y;
        g.fillRect(x, ty, tw, th);
        g.setColor(Color.BLACK);
        g.drawString(tag, x + 3, ty + fm.getAscent());
    }

    private static void banner(Graphics2D g, int width, int height, ClassifiedEvent event, String note) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(14, width / 40));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int h = fm.getHeight() + 8;
        int y = height - h;
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(0, y, width, h);
        g.setColor(
                event == null ? Color.LIGHT_GRAY : stageColour(event.getStage().toString()));
        g.fillRect(0, y, 6, h);
        g.setColor(Color.WHITE);
        g.drawString(note == null ? caption(event) : caption(event) + "  " + note, 12, y + 4 + fm.getAscent());
    }

    /** Colour of a deciding stage, as the page shows it. */
    static Color stageColour(String stage) {
        if (stage.startsWith("focus")) {
            return PATCH;
        } else if (stage.equals("glance")) {
            return new Color(90, 160, 255);
        } else if (stage.equals("motion")) {
            return new Color(150, 150, 150);
        }
        return new Color(230, 80, 80); // dense
    }
}
