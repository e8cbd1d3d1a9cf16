package dev.saccade.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Plain Avro binary (no header, no registry), the format Flink's Avro (de)serialization schemas read and write. */
public final class AvroBytes {
    private AvroBytes() {}

    public static <T extends SpecificRecord> byte[] encode(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            @SuppressWarnings("unchecked")
            SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record in {@code bytes}, written with the current schema or an {@link EarlierSchemas earlier} one. */
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            return new SpecificDatumReader<>(type).read(null, decoder);
        } catch (IOException | RuntimeException e) {
            T earlier = EarlierSchemas.decode(bytes, type);
            if (earlier != null) {
                return earlier;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("not a " + type.getSimpleName() + " record", (IOException) e);
        }
    }
}
