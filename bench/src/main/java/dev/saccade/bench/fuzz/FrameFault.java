package dev.saccade.bench.fuzz;

/** A kind of malformed frame record, with the dead letter's error class the job must give it. */
enum FrameFault {
    RANDOM_BYTES("AVRO_DECODE"),
    TRUNCATED_AVRO("AVRO_DECODE"),
    OTHER_SCHEMA("AVRO_DECODE"),
    JSON_TEXT("AVRO_DECODE"),
    EMPTY_VALUE("AVRO_DECODE"),
    UNKNOWN_ENCODING("AVRO_DECODE"),
    EMPTY_STREAM_ID("INVALID_FRAME"),
    ZERO_DIMENSIONS("INVALID_FRAME"),
    HUGE_DIMENSIONS("OVER_LIMIT"),
    OVERSIZED_PAYLOAD("OVER_LIMIT"),
    TRUNCATED_JPEG("UNDECODABLE_PAYLOAD"),
    GARBAGE_JPEG("UNDECODABLE_PAYLOAD"),
    JPEG_SIZE_MISMATCH("SIZE_MISMATCH"),
    RAW_SIZE_MISMATCH("SIZE_MISMATCH"),
    SEQUENCE_BACKWARDS("OUT_OF_ORDER"),
    CAPTURED_LONG_BEFORE("OUT_OF_ORDER");

    final String errorClass;

    FrameFault(String errorClass) {
        this.errorClass = errorClass;
    }
}
