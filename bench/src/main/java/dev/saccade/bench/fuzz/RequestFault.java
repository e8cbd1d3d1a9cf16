package dev.saccade.bench.fuzz;

/** A kind of malformed focus-request record, with the dead letter's error class the focus job must give it. */
enum RequestFault {
    RANDOM_BYTES("AVRO_DECODE"),
    TRUNCATED_AVRO("AVRO_DECODE"),
    FRAME_RECORD("AVRO_DECODE"),
    EMPTY_VALUE("AVRO_DECODE"),
    EMPTY_STREAM_ID("INVALID_REQUEST"),
    CLIP_ID_MISMATCH("INVALID_REQUEST"),
    NO_PATCHES("INVALID_REQUEST"),
    PATCH_BYTES_MISMATCH("INVALID_REQUEST"),
    OTHER_BUNDLE("INVALID_REQUEST"),
    FEATURES_LENGTH("INVALID_REQUEST"),
    NAN_PROBABILITIES("INVALID_REQUEST"),
    TOO_MANY_PATCHES("INVALID_REQUEST");

    final String errorClass;

    RequestFault(String errorClass) {
        this.errorClass = errorClass;
    }
}
