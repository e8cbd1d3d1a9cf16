package dev.saccade.schemas;

import java.io.IOException;
import java.io.Serializable;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one plain-Avro record per call with a decoder bound to that record's bytes only, so a malformed record cannot
 * leave state behind for the next one. Flink's {@code AvroDeserializationSchema} keeps one buffered decoder across
 * records and does not reset it after a failed read (FLINK-31951, FLINK-34474): after one bad record, the good ones
 * behind it decoded as garbage. A record must also end where its bytes end: trailing bytes mean another schema. Bytes
 * the current schema cannot read are tried against the contract's {@link EarlierSchemas earlier versions}.
 */
public final class AvroRecordReader<T extends SpecificRecord> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient SpecificDatumReader<T> reader;

    public AvroRecordReader(Class<T> type) {
        this.type = type;
    }

    /** The record in {@code bytes}; throws with the reason when they are not exactly one such record. */
    public T read(byte[] bytes) throws IOException {
        if (reader == null) {
            reader = new SpecificDatumReader<>(type);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                int left = decoder.inputStream().available();
                throw new IOException(
                        left + " bytes left after a " + type.getSimpleName() + " record: not this schema");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            // a producer still on an earlier version of the contract: its records end before the newer fields
            T earlier = EarlierSchemas.decode(bytes, type);
            if (earlier != null) {
                return earlier;
            }
            throw e;
        }
    }
}
