package dev.saccade.job;

import dev.saccade.schemas.ClassifiedEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/** Test-only pass-through that fails the job once, after a checkpoint completed, to force a restore. */
public final class FailOnceAfterCheckpoint
        implements MapFunction<ClassifiedEvent, ClassifiedEvent>,
                CheckpointListener,
                ResultTypeQueryable<ClassifiedEvent> {
    // static: the MiniCluster runs in this JVM, and the flag must survive the task's restart
    public static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    public static final AtomicBoolean FAILED = new AtomicBoolean();

    public static void reset() {
        CHECKPOINTED.set(false);
        FAILED.set(false);
    }

    @Override
    public ClassifiedEvent map(ClassifiedEvent event) {
        if (CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure to test exactly-once delivery");
        }
        return event;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }

    @Override
    public TypeInformation<ClassifiedEvent> getProducedType() {
        return TypeInformation.of(ClassifiedEvent.class);
    }
}
