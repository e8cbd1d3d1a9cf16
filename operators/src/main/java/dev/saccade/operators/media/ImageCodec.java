package dev.saccade.operators.media;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Stateless OpenCV (JavaCV) image decode/encode, resize and grayscale helpers over plain byte arrays; thread-safe. */
public final class ImageCodec {

    /** PNG level used by {@link #encodePng(byte[], int, int)}: frames are transient, so speed beats size. */
    public static final int DEFAULT_PNG_COMPRESSION = 1;

    private ImageCodec() {}

    /**
     * Decodes anything {@code cv::imdecode} reads (JPEG, PNG, BMP, WebP, ...) into packed 3-channel BGR
     * (grey and alpha inputs are converted, EXIF orientation is applied).
     *
     * @throws UndecodableImageException when the bytes are empty or OpenCV cannot make an image of them
     */
    public static DecodedImage decode(byte[] data) {
        return decode(data, 1);
    }

    /**
     * As {@link #decode(byte[])} at 1/{@code scale} of the size in each direction (scale 1, 2, 4 or 8; sizes rounded
     * up): a JPEG is decoded at that size by libjpeg's DCT scaling, which skips most of the inverse transform and
     * upsampling work instead of decoding every pixel and then shrinking; other formats are decoded and then
     * area-resized by OpenCV.
     */
    public static DecodedImage decode(byte[] data, int scale) {
        return decode(data, scale, 0, 0).image();
    }

    /** A decoded image and, where asked for, its grey version at another size. */
    public record WithGrey(DecodedImage image, byte[] grey) {}

    /**
     * As {@link #decode(byte[], int)}, plus the image converted to grey and resized to greyWidth x greyHeight (0: none)
     * while it is still in native memory: the same bytes as {@link #toGray} on the decoded pixels, without copying them
     * back in.
     */
    public static WithGrey decode(byte[] data, int scale, int greyWidth, int greyHeight) {
        int flags =
                switch (scale) {
                    case 1 -> IMREAD_COLOR;
                    case 2 -> IMREAD_REDUCED_COLOR_2;
                    case 4 -> IMREAD_REDUCED_COLOR_4;
                    case 8 -> IMREAD_REDUCED_COLOR_8;
                    default -> throw new IllegalArgumentException("decode scale must be 1, 2, 4 or 8, got " + scale);
                };
        if (data == null || data.length == 0) {
            throw new UndecodableImageException("cannot decode an empty image buffer");
        }
        if (greyWidth > 0 || greyHeight > 0) {
            checkSize(greyWidth, greyHeight);
        }
        // Every native allocation made below (buffers, Mats, the decoder's result) is freed when the scope closes,
        // so a long-running operator does not depend on the GC to release native memory.
        try (PointerScope scope = new PointerScope()) {
            Mat encoded = new Mat(1, data.length, CV_8UC1, new BytePointer(data));
            Mat image;
            try {
                image = imdecode(encoded, flags);
            } catch (RuntimeException e) {
                // JavaCPP turns a cv::Exception into a RuntimeException; it is still "not an image" for the caller.
                throw new UndecodableImageException(
                        "OpenCV failed to decode " + data.length + " bytes " + describe(data) + ": " + e.getMessage(),
                        e);
            }
            if (image == null || image.isNull() || image.empty()) {
                throw new UndecodableImageException(
                        "OpenCV cannot decode " + data.length + " bytes " + describe(data) + " as an image");
            }
            int width = image.cols();
            int height = image.rows();
            DecodedImage decoded = new DecodedImage(width, height, 3, toBytes(image, width * height * 3));
            if (greyWidth == 0) {
                return new WithGrey(decoded, null);
            }
            return new WithGrey(decoded, grey(image, width, height, greyWidth, greyHeight));
        }
    }

    /** Encodes packed BGR as baseline JPEG at {@code quality} 0-100. */
    public static byte[] encodeJpeg(byte[] bgr, int width, int height, int quality) {
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 0..100, got " + quality);
        }
        return encode(".jpg", bgr, width, height, IMWRITE_JPEG_QUALITY, quality);
    }

    /** Encodes packed BGR as lossless PNG with {@link #DEFAULT_PNG_COMPRESSION}. */
    public static byte[] encodePng(byte[] bgr, int width, int height) {
        return encodePng(bgr, width, height, DEFAULT_PNG_COMPRESSION);
    }

    /** Encodes packed BGR as lossless PNG with zlib {@code compression} level 0-9. */
    public static byte[] encodePng(byte[] bgr, int width, int height, int compression) {
        if (compression < 0 || compression > 9) {
            throw new IllegalArgumentException("PNG compression must be 0..9, got " + compression);
        }
        return encode(".png", bgr, width, height, IMWRITE_PNG_COMPRESSION, compression);
    }

    /** Resizes packed BGR to {@code outWidth x outHeight}: INTER_AREA when shrinking (no aliasing), bilinear otherwise. */
    public static byte[] resizeBgr(byte[] bgr, int width, int height, int outWidth, int outHeight) {
        checkImage(bgr, width, height, 3);
        checkSize(outWidth, outHeight);
        if (outWidth == width && outHeight == height) {
            return bgr.clone();
        }
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(height, width, CV_8UC3, new BytePointer(bgr));
            Mat dst = new Mat();
            resize(src, dst, new Size(outWidth, outHeight), 0, 0, interpolation(width, height, outWidth, outHeight));
            return toBytes(dst, outWidth * outHeight * 3);
        }
    }

    /** Converts packed BGR to 8-bit grey (ITU-R BT.601 weights) and resizes it, giving outWidth*outHeight bytes. */
    public static byte[] toGray(byte[] bgr, int width, int height, int outWidth, int outHeight) {
        checkImage(bgr, width, height, 3);
        checkSize(outWidth, outHeight);
        try (PointerScope scope = new PointerScope()) {
            return grey(new Mat(height, width, CV_8UC3, new BytePointer(bgr)), width, height, outWidth, outHeight);
        }
    }

    // BGR Mat to packed grey at outWidth x outHeight; the caller's scope frees what it allocates
    private static byte[] grey(Mat src, int width, int height, int outWidth, int outHeight) {
        Mat gray = new Mat();
        cvtColor(src, gray, COLOR_BGR2GRAY);
        if (outWidth == width && outHeight == height) {
            return toBytes(gray, width * height);
        }
        Mat dst = new Mat();
        resize(gray, dst, new Size(outWidth, outHeight), 0, 0, interpolation(width, height, outWidth, outHeight));
        return toBytes(dst, outWidth * outHeight);
    }

    /** Resizes an 8-bit single-channel image; same interpolation choice as {@link #resizeBgr}. */
    public static byte[] grayResize(byte[] gray, int width, int height, int outWidth, int outHeight) {
        checkImage(gray, width, height, 1);
        checkSize(outWidth, outHeight);
        if (outWidth == width && outHeight == height) {
            return gray.clone();
        }
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(height, width, CV_8UC1, new BytePointer(gray));
            Mat dst = new Mat();
            resize(src, dst, new Size(outWidth, outHeight), 0, 0, interpolation(width, height, outWidth, outHeight));
            return toBytes(dst, outWidth * outHeight);
        }
    }

    /**
     * Resizes an image held in native memory (rows of {@code stride} bytes) into packed BGR without first copying it
     * to the heap; used by {@link VideoFileReader} on the decoder's own buffer.
     */
    static byte[] resizeBgrNative(BytePointer bgr, long stride, int width, int height, int outWidth, int outHeight) {
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(height, width, CV_8UC3, bgr, stride);
            Mat dst = new Mat();
            resize(src, dst, new Size(outWidth, outHeight), 0, 0, interpolation(width, height, outWidth, outHeight));
            return toBytes(dst, outWidth * outHeight * 3);
        }
    }

    static int interpolation(int width, int height, int outWidth, int outHeight) {
        // INTER_AREA averages all source pixels under a target pixel; on upscaling it degrades to nearest-ish, so
        // it is only worth it when neither side grows.
        return outWidth <= width && outHeight <= height ? INTER_AREA : INTER_LINEAR;
    }

    private static byte[] encode(String ext, byte[] bgr, int width, int height, int paramKey, int paramValue) {
        checkImage(bgr, width, height, 3);
        try (PointerScope scope = new PointerScope()) {
            Mat src = new Mat(height, width, CV_8UC3, new BytePointer(bgr));
            // imencode fills a std::vector; JavaCPP hands it back as a native copy owned by this pointer (and scope).
            BytePointer out = new BytePointer();
            if (!imencode(ext, src, out, new IntPointer(paramKey, paramValue)) || out.isNull() || out.limit() <= 0) {
                throw new IllegalStateException(
                        "OpenCV failed to encode a " + width + "x" + height + " image as " + ext);
            }
            byte[] result = new byte[Math.toIntExact(out.limit())];
            out.get(result);
            return result;
        }
    }

    private static byte[] toBytes(Mat mat, int expectedBytes) {
        Mat packed = mat.isContinuous() ? mat : mat.clone();
        long bytes = packed.total() * packed.elemSize();
        if (bytes != expectedBytes) {
            throw new IllegalStateException("OpenCV produced " + bytes + " bytes, expected " + expectedBytes);
        }
        byte[] result = new byte[expectedBytes];
        packed.data().get(result);
        return result;
    }

    private static void checkImage(byte[] pixels, int width, int height, int channels) {
        checkSize(width, height);
        if (pixels == null) {
            throw new IllegalArgumentException("pixel buffer is null");
        }
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException("pixel buffer of " + pixels.length + " bytes does not match " + width
                    + "x" + height + "x" + channels);
        }
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }

    private static String describe(byte[] data) {
        StringBuilder sb = new StringBuilder("(starting ");
        for (int i = 0; i < Math.min(8, data.length); i++) {
            sb.append(String.format("%02x", data[i] & 0xff));
        }
        return sb.append(')').toString();
    }
}
