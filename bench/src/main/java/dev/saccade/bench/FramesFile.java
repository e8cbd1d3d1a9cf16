package dev.saccade.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Decoded BGR24 frames of one size in a gzip file, so a bench can run where no video decoder is installed (a GPU
 * machine carrying only a Java runtime): a magic line, width, height and count, then the frames.
 */
public final class FramesFile {
    private static final String MAGIC = "saccade-bgr24-frames-v1";

    /** Frames read back, all of {@code width x height}. */
    public record Frames(int width, int height, List<byte[]> bgr) {}

    private FramesFile() {}

    /** Whether the path names a frames file rather than a video. */
    public static boolean isFramesFile(Path path) {
        return path.getFileName().toString().endsWith(".bgr.gz");
    }

    public static void write(Path path, int width, int height, List<byte[]> frames) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(path))))) {
            out.writeUTF(MAGIC);
            out.writeInt(width);
            out.writeInt(height);
            out.writeInt(frames.size());
            for (byte[] f : frames) {
                if (f.length != width * height * 3) {
                    throw new IllegalArgumentException(
                            "a frame of " + f.length + " bytes is not " + width + "x" + height + " BGR24");
                }
                out.write(f);
            }
        }
    }

    public static Frames read(Path path) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(path))))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IOException(path + " is not a frames file (" + MAGIC + ")");
            }
            int width = in.readInt();
            int height = in.readInt();
            int count = in.readInt();
            List<byte[]> frames = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] f = new byte[width * height * 3];
                in.readFully(f);
                frames.add(f);
            }
            return new Frames(width, height, frames);
        } catch (java.util.zip.ZipException | java.io.UTFDataFormatException e) {
            throw new IOException(path + " is not a frames file: " + e.getMessage(), e);
        }
    }
}
