package dev.saccade.operators;

import dev.saccade.schemas.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output every operator sends rejected input to; the job unions them into the dead-letter topic. */
public final class DeadLetterOutput {
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private DeadLetterOutput() {}
}
