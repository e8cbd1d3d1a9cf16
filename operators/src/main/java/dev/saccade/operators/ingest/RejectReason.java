package dev.saccade.operators.ingest;

/** Why a record went to the dead-letter topic; the name is the DeadLetter's errorClass. */
public enum RejectReason {
    AVRO_DECODE,
    INVALID_FRAME,
    OVER_LIMIT,
    UNDECODABLE_PAYLOAD,
    SIZE_MISMATCH,
    OUT_OF_ORDER,
    /** A focus request that reads as Avro but that the focus stage cannot use (shape, bundle, duplicate clip). */
    INVALID_REQUEST
}
