package dev.saccade.models.cascade;

import ai.djl.Device;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.saccade.models.net.FocusModel;
import dev.saccade.models.net.TemporalHead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The focus batcher's host-side staging: one buffer, allocated once, that holds a batch's patches, clip
 * representations and row indices in native order, so the engine reads each step's batch from it with no copy on the
 * CPU and one copy to a GPU. For a GPU the buffer is page-locked (cudaHostAlloc through the CUDA runtime the engine
 * already loaded), so that copy is a direct DMA rather than a staged copy from pageable memory; where that fails it is
 * a plain direct buffer.
 */
final class StagingBuffers implements AutoCloseable {
    /** System property: {@code false} keeps the staging buffer in pageable memory on a GPU too (for comparison). */
    static final String PINNED = "saccade.focus.pinned";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StagingBuffers.class);
    private static final int PATCH_BYTES = 4 * 3 * FocusModel.PATCH * FocusModel.PATCH;
    private static final int CLIP_BYTES = 4 * TemporalHead.HIDDEN;

    private final ByteBuffer all;
    private final ByteBuffer rowBytes;
    private final ByteBuffer indexBytes;
    private final FloatBuffer rows;
    private final LongBuffer indices;
    private final Pointer pinned;
    private final Function freeHost;

    private StagingBuffers(ByteBuffer all, int batch, Pointer pinned, Function freeHost) {
        this.all = all.order(ByteOrder.nativeOrder());
        this.pinned = pinned;
        this.freeHost = freeHost;
        // a step of n clips: n patches, then their n clip representations right after, so one copy moves both
        int at = batch * (PATCH_BYTES + CLIP_BYTES);
        rowBytes = region(0, at);
        // survivors' rows, then each exit group's rows: at most two indices per clip in a step
        indexBytes = region(at, 2 * batch * Long.BYTES);
        rows = rowBytes.asFloatBuffer();
        indices = indexBytes.asLongBuffer();
    }

    private ByteBuffer region(int from, int length) {
        return all.slice(from, length).order(ByteOrder.nativeOrder());
    }

    static long bytes(int batch) {
        return (long) batch * (PATCH_BYTES + CLIP_BYTES + 2L * Long.BYTES);
    }

    /** Staging for batches of up to {@code batch} clips, page-locked when the device is a GPU. */
    static StagingBuffers allocate(int batch, Device device) {
        long size = bytes(batch);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("focus batch of " + batch + " patches is too large to stage");
        }
        if (device.isGpu() && !"false".equals(System.getProperty(PINNED))) {
            try {
                NativeLibrary cudart = cudaRuntime();
                PointerByReference out = new PointerByReference();
                // cudaHostAllocPortable: page-locked for every CUDA context, whichever thread the engine copies on
                int rc = cudart.getFunction("cudaHostAlloc").invokeInt(new Object[] {out, size, 1});
                if (rc == 0) {
                    Pointer p = out.getValue();
                    return new StagingBuffers(p.getByteBuffer(0, size), batch, p, cudart.getFunction("cudaFreeHost"));
                }
                LOG.warn("cudaHostAlloc of {} bytes failed (error {}): focus staging in pageable memory", size, rc);
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                LOG.warn("no page-locked focus staging ({}): pageable memory instead", e.toString());
            }
        }
        return new StagingBuffers(ByteBuffer.allocateDirect((int) size), batch, null, null);
    }

    /**
     * The CUDA runtime library the engine loaded (its path in /proc/self/maps), so that the allocation and the engine's
     * copies talk to the same runtime; else the one the loader finds.
     */
    private static NativeLibrary cudaRuntime() {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            String path = maps.map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')))
                    .filter(l -> Path.of(l.isEmpty() ? "x" : l)
                            .getFileName()
                            .toString()
                            .startsWith("libcudart.so"))
                    .findFirst()
                    .orElse(null);
            if (path != null) {
                return NativeLibrary.getInstance(path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read /proc/self/maps: {}", e.toString());
        }
        return NativeLibrary.getInstance("cudart");
    }

    boolean pinned() {
        return pinned != null;
    }

    /** A step's rows: for n clips, n patches of 3x64x64 floats, then n clip representations of 64 floats. */
    FloatBuffer rows() {
        return rows;
    }

    /** Row indices. */
    LongBuffer indices() {
        return indices;
    }

    /** The bytes of a step of n clips: their patches and clip representations. */
    ByteBuffer rowBytes(int n) {
        return rowBytes.slice(0, n * (PATCH_BYTES + CLIP_BYTES)).order(ByteOrder.nativeOrder());
    }

    /** Indices from..from+n-1. */
    ByteBuffer indexBytes(int from, int n) {
        return indexBytes.slice(from * Long.BYTES, n * Long.BYTES).order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        if (pinned != null) {
            freeHost.invokeInt(new Object[] {pinned});
        }
    }
}
