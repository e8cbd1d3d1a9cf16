package dev.saccade.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Earlier versions of the contracts, kept as writer schemas: the topics carry plain Avro without the writer's schema,
 * so bytes written before a field was added end where the current schema expects that field, and only resolving
 * against the schema they were written with lets them decode (the new field taking its default).
 */
public final class EarlierSchemas {
    // newest first: the likeliest writer of an old record is the version just before this one
    private static final Map<String, List<String>> VERSIONS = Map.of(
            "ClassifiedEvent", List.of("ClassifiedEvent-2", "ClassifiedEvent-1"),
            "FocusRequest", List.of("FocusRequest-2", "FocusRequest-1"));

    private static final Map<String, List<Schema>> LOADED = new ConcurrentHashMap<>();

    private EarlierSchemas() {}

    /** The earlier writer schemas of {@code type}, newest first; empty for a contract that never changed. */
    public static List<Schema> of(Class<? extends SpecificRecord> type) {
        return LOADED.computeIfAbsent(type.getSimpleName(), name -> {
            List<Schema> out = new ArrayList<>();
            for (String file : VERSIONS.getOrDefault(name, List.of())) {
                try (InputStream in = EarlierSchemas.class.getResourceAsStream("earlier/" + file + ".avsc")) {
                    if (in == null) {
                        throw new IllegalStateException("earlier schema " + file + " is missing from the jar");
                    }
                    out.add(new Schema.Parser().parse(in));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return List.copyOf(out);
        });
    }

    /**
     * {@code bytes} as a record of an earlier version of {@code type}, resolved into the current class; null when no
     * earlier version reads them exactly (to their last byte).
     */
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        Schema reader = SpecificData.get().getSchema(type);
        for (Schema writer : of(type)) {
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
                T record = new SpecificDatumReader<T>(writer, reader).read(null, decoder);
                if (decoder.isEnd()) {
                    return record;
                }
            } catch (IOException | RuntimeException notThisVersion) {
                // try the next older version
            }
        }
        return null;
    }
}
