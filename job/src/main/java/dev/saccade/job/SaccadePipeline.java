package dev.saccade.job;

import dev.saccade.models.bundle.BundleManifest;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.models.net.GlanceModel;
import dev.saccade.operators.DeadLetterOutput;
import dev.saccade.operators.ModelSettings;
import dev.saccade.operators.OperatorOptions;
import dev.saccade.operators.OperatorSettings;
import dev.saccade.operators.adaptive.DenseFunction;
import dev.saccade.operators.adaptive.FocusOperator;
import dev.saccade.operators.adaptive.GlanceFunction;
import dev.saccade.operators.clip.ClipAssemblyFunction;
import dev.saccade.operators.diff.FrameDifferencingFunction;
import dev.saccade.operators.motion.ClassifyMotionFunction;
import dev.saccade.operators.types.Clip;
import dev.saccade.operators.types.FrameChange;
import dev.saccade.operators.types.FrameEnvelope;
import dev.saccade.operators.types.RequestEnvelope;
import dev.saccade.schemas.ClassifiedEvent;
import dev.saccade.schemas.DeadLetter;
import dev.saccade.schemas.FocusRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.flink.api.common.operators.SlotSharingGroup;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The whole pipeline as a function from frame records to events plus dead letters. Tests call it with their own
 * sources and sinks; {@link SaccadeJob} plugs in Kafka.
 */
public final class SaccadePipeline {

    /** What the pipeline produces; focus requests only where the job stops at the glance stage. */
    public record Outputs(
            DataStream<ClassifiedEvent> events,
            DataStream<DeadLetter> deadLetters,
            DataStream<FocusRequest> focusRequests) {}

    /**
     * The slot sharing groups: io (Kafka source and sinks), glance (decode, differencing, clips, glance or dense: frames
     * stay chained in it) and focus (f_L, where the GPUs are). Only focus requests cross from glance to focus.
     */
    public record SlotGroups(SlotSharingGroup io, SlotSharingGroup glance, SlotSharingGroup focus) {
        public static final String IO = "io";
        public static final String GLANCE = "glance";
        public static final String FOCUS = "focus";

        /** Named groups without resources: every slot of a TaskManager fits any of them. */
        public static SlotGroups named() {
            return new SlotGroups(
                    SlotSharingGroup.newBuilder(IO).build(),
                    SlotSharingGroup.newBuilder(GLANCE).build(),
                    SlotSharingGroup.newBuilder(FOCUS).build());
        }

        /**
         * Sized groups for fine-grained resource management (libtorch's own allocations are JVM overhead, not task
         * off-heap); the focus group asks for {@code gpus} of the gpu external resource, so only a GPU TaskManager can
         * take it.
         */
        public static SlotGroups sized(int gpus) {
            return sized(gpus, null);
        }

        /**
         * As {@link #sized(int)}; a non-empty {@code cpuPool} makes io and glance also ask for one of that external
         * resource, which only CPU TaskManagers advertise: Flink puts a slot on any TaskManager it fits, so without it
         * io or glance may take a GPU TaskManager's room and the focus slots wait forever.
         */
        public static SlotGroups sized(int gpus, String cpuPool) {
            SlotSharingGroup.Builder focus = SlotSharingGroup.newBuilder(FOCUS)
                    .setCpuCores(1.0)
                    .setTaskHeapMemoryMB(256)
                    .setTaskOffHeapMemoryMB(32);
            if (gpus > 0) {
                focus.setExternalResource(FocusOperator.GPU_RESOURCE, gpus);
            }
            SlotSharingGroup.Builder io =
                    SlotSharingGroup.newBuilder(IO).setCpuCores(0.25).setTaskHeapMemoryMB(64);
            SlotSharingGroup.Builder glance = SlotSharingGroup.newBuilder(GLANCE)
                    .setCpuCores(1.0)
                    .setTaskHeapMemoryMB(256)
                    .setTaskOffHeapMemoryMB(32);
            if (cpuPool != null && !cpuPool.isBlank()) {
                io.setExternalResource(cpuPool, 1);
                glance.setExternalResource(cpuPool, 1);
            }
            return new SlotGroups(io.build(), glance.build(), focus.build());
        }
    }

    private SaccadePipeline() {}

    /** The foundation's motion-only pipeline, all operators in the default group (what the foundation tests call). */
    public static Outputs build(DataStream<FrameEnvelope> records, OperatorSettings settings) {
        return build(records, settings, motionOnly(), null);
    }

    private static ModelSettings motionOnly() {
        return ModelSettings.from(new Configuration()
                .set(OperatorOptions.MODE, OperatorOptions.Mode.MOTION)
                .set(OperatorOptions.MODEL_BUNDLE, ""));
    }

    /**
     * The pipeline for the configured mode and stage ({@code --stage focus} is {@link #focusJob}): unreadable records
     * to the dead letters, differencing, clips, then the motion classifier, the dense model, or the motion gate and
     * glance with the focus stage behind it. {@code groups} null leaves every operator in the default slot sharing
     * group.
     */
    public static Outputs build(
            DataStream<FrameEnvelope> records, OperatorSettings settings, ModelSettings model, SlotGroups groups) {
        if (model.stage() == OperatorOptions.Stage.FOCUS) {
            throw new IllegalArgumentException(
                    "the focus stage reads focus requests, not frames: use SaccadePipeline.focus");
        }
        FrameSize size = frameSize(settings, model);
        SingleOutputStreamOperator<FrameEnvelope> readable = routeUnreadable(records, groups);
        SingleOutputStreamOperator<FrameChange> changes = differencing(readable, size, groups);
        SingleOutputStreamOperator<Clip> clips = clips(changes, size, groups);
        DataStream<DeadLetter> deadLetters =
                readable.getSideOutput(DeadLetterOutput.TAG).union(changes.getSideOutput(DeadLetterOutput.TAG));
        switch (model.mode()) {
            case MOTION:
                return new Outputs(motion(clips, size, groups), deadLetters, null);
            case DENSE:
                return new Outputs(dense(clips, model, groups), deadLetters, null);
            default:
                SingleOutputStreamOperator<ClassifiedEvent> decided = glance(clips, size, model, groups);
                DataStream<FocusRequest> requests = decided.getSideOutput(GlanceFunction.FOCUS_REQUESTS);
                if (model.stage() == OperatorOptions.Stage.GLANCE) {
                    return new Outputs(decided, deadLetters, requests);
                }
                return new Outputs(decided.union(focus(requests, model, groups)), deadLetters, null);
        }
    }

    // ---- the stages, in the order frames meet them ----

    /**
     * The working frame size and the operator settings the models need: the bundle's frame size and clip length where
     * a model runs, the configured settings and no frame pixels (0 x 0) for motion only.
     */
    private record FrameSize(OperatorSettings settings, int width, int height, int scale) {
        /** Size of the frames that clips carry: the model frame reduced by scale. */
        int clipWidth() {
            return width / scale;
        }

        int clipHeight() {
            return height / scale;
        }
    }

    private static FrameSize frameSize(OperatorSettings settings, ModelSettings model) {
        if (!model.usesModels()) {
            return new FrameSize(settings, 0, 0, 1);
        }
        BundleManifest manifest = manifest(model);
        int scale = model.mode() == OperatorOptions.Mode.ADAPTIVE && model.glanceReducedDecode()
                ? reducedScale(manifest.frameWidth(), manifest.frameHeight(), settings)
                : 1;
        return new FrameSize(
                settings.withClipLength(manifest.clipLength()), manifest.frameWidth(), manifest.frameHeight(), scale);
    }

    /**
     * The largest reduction (2, 4 or 8) of the model frame that still covers the glance's input and the differencing's
     * working frame, dividing the frame exactly; 1 where none does. The glance area-averages whatever it gets down to
     * its own size, so a smaller frame only changes which source pixels a bin averages.
     */
    static int reducedScale(int width, int height, OperatorSettings settings) {
        int needW = Math.max(GlanceModel.WIDTH, settings.diffWidth());
        int needH = Math.max(GlanceModel.HEIGHT, settings.diffHeight());
        for (int s = 8; s > 1; s /= 2) {
            if (width % s == 0 && height % s == 0 && width / s >= needW && height / s >= needH) {
                return s;
            }
        }
        return 1;
    }

    /** Records that could not be read as frames to the dead letters, before anything keys by stream. */
    private static SingleOutputStreamOperator<FrameEnvelope> routeUnreadable(
            DataStream<FrameEnvelope> records, SlotGroups groups) {
        // at the source's parallelism, so it chains to the source and a stream's frames keep their order
        return inGroup(
                records.process(new SplitUnreadable())
                        .name("route-unreadable")
                        .uid("route-unreadable")
                        .setParallelism(records.getParallelism()),
                io(groups));
    }

    /** Per stream: decode each frame once and compare it with the stream's previous frame, tile by tile. */
    private static SingleOutputStreamOperator<FrameChange> differencing(
            SingleOutputStreamOperator<FrameEnvelope> readable, FrameSize size, SlotGroups groups) {
        return inGroup(
                readable.keyBy(new StreamOfEnvelope(), Types.STRING)
                        .process(new FrameDifferencingFunction(
                                size.settings(), size.width(), size.height(), size.scale()))
                        .name("decode-and-difference")
                        .uid("decode-and-difference"),
                glanceGroup(groups));
    }

    /** Per stream: frame changes (and pixels, where a model runs) into clips. */
    private static SingleOutputStreamOperator<Clip> clips(
            SingleOutputStreamOperator<FrameChange> changes, FrameSize size, SlotGroups groups) {
        // frames stay in the subtask that owns their stream, so the next keyed step chains without a shuffle
        KeyedStream<FrameChange, String> changesByStream =
                DataStreamUtils.reinterpretAsKeyedStream(changes, new StreamOfChange(), Types.STRING);
        return inGroup(
                changesByStream
                        .process(new ClipAssemblyFunction(size.settings(), size.clipWidth(), size.clipHeight()))
                        .name("assemble-clips")
                        .uid("assemble-clips"),
                glanceGroup(groups));
    }

    /** {@code --mode motion}: static or motion from the tile changes alone. */
    private static SingleOutputStreamOperator<ClassifiedEvent> motion(
            SingleOutputStreamOperator<Clip> clips, FrameSize size, SlotGroups groups) {
        return inGroup(
                clips.process(new ClassifyMotionFunction(size.settings()))
                        .name("classify-motion")
                        .uid("classify-motion"),
                glanceGroup(groups));
    }

    /** {@code --mode dense}: the dense model on every frame of every clip. */
    private static SingleOutputStreamOperator<ClassifiedEvent> dense(
            SingleOutputStreamOperator<Clip> clips, ModelSettings model, SlotGroups groups) {
        return inGroup(clips.process(new DenseFunction(model)).name("dense").uid("dense"), glanceGroup(groups));
    }

    /**
     * {@code --mode adaptive}: the motion gate, then f_G, the policy and exit 0; confident clips are events, the
     * others leave as focus requests on the {@link GlanceFunction#FOCUS_REQUESTS} side output.
     */
    private static SingleOutputStreamOperator<ClassifiedEvent> glance(
            SingleOutputStreamOperator<Clip> clips, FrameSize size, ModelSettings model, SlotGroups groups) {
        return inGroup(
                // the clips stay in the subtask that owns their stream: keyed again without a shuffle
                DataStreamUtils.reinterpretAsKeyedStream(clips, new StreamOfClip(), Types.STRING)
                        .process(new GlanceFunction(size.settings(), model))
                        .name("glance")
                        .uid("glance"),
                glanceGroup(groups));
    }

    /** The focus stage: requests from every stream share batches on the focus group's slots. */
    public static DataStream<ClassifiedEvent> focus(
            DataStream<FocusRequest> requests, ModelSettings model, SlotGroups groups) {
        SingleOutputStreamOperator<ClassifiedEvent> events = requests.rebalance()
                .transform("focus", TypeInformation.of(ClassifiedEvent.class), new FocusOperator(model))
                .uid("focus");
        return inGroup(events, focusGroup(groups));
    }

    /**
     * The focus deployment: unreadable request records become dead letters (routed at the source's parallelism, so
     * the split chains to the source), the rest go to the focus stage.
     */
    public static Outputs focusJob(DataStream<RequestEnvelope> records, ModelSettings model, SlotGroups groups) {
        SingleOutputStreamOperator<FocusRequest> readable = inGroup(
                records.process(new SplitUnreadableRequests())
                        .name("route-unreadable")
                        .uid("route-unreadable-requests")
                        .setParallelism(records.getParallelism()),
                io(groups));
        return new Outputs(focus(readable, model, groups), readable.getSideOutput(DeadLetterOutput.TAG), null);
    }

    // ---- helpers ----

    private static BundleManifest manifest(ModelSettings model) {
        try {
            return ModelBundle.readManifest(Path.of(model.bundle()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the model bundle at " + model.bundle() + " (set " + OperatorOptions.MODEL_BUNDLE.key()
                            + "): " + e.getMessage(),
                    e);
        }
    }

    static <T> SingleOutputStreamOperator<T> inGroup(SingleOutputStreamOperator<T> op, SlotSharingGroup group) {
        return group == null ? op : op.slotSharingGroup(group);
    }

    private static SlotSharingGroup io(SlotGroups groups) {
        return groups == null ? null : groups.io();
    }

    private static SlotSharingGroup glanceGroup(SlotGroups groups) {
        return groups == null ? null : groups.glance();
    }

    private static SlotSharingGroup focusGroup(SlotGroups groups) {
        return groups == null ? null : groups.focus();
    }

    /** Sends records that could not be read as frames to the dead letters, before anything keys by stream. */
    static final class SplitUnreadable extends ProcessFunction<FrameEnvelope, FrameEnvelope> {
        @Override
        public void processElement(FrameEnvelope e, Context ctx, Collector<FrameEnvelope> out) {
            if (e.rejected != null) {
                ctx.output(DeadLetterOutput.TAG, e.rejected);
            } else {
                out.collect(e);
            }
        }
    }

    /** Unreadable focus requests to the dead-letter side output, the rest on. */
    static final class SplitUnreadableRequests extends ProcessFunction<RequestEnvelope, FocusRequest> {
        @Override
        public void processElement(RequestEnvelope e, Context ctx, Collector<FocusRequest> out) {
            if (e.rejected != null) {
                ctx.output(DeadLetterOutput.TAG, e.rejected);
            } else {
                out.collect(e.request);
            }
        }
    }

    /** Key: the frame's stream id. */
    static final class StreamOfEnvelope implements KeySelector<FrameEnvelope, String> {
        @Override
        public String getKey(FrameEnvelope e) {
            return e.frame.getStreamId();
        }
    }

    /** Key: the clip's stream id. */
    static final class StreamOfClip implements KeySelector<Clip, String> {
        @Override
        public String getKey(Clip c) {
            return c.streamId;
        }
    }

    /** Key: the change's stream id. */
    static final class StreamOfChange implements KeySelector<FrameChange, String> {
        @Override
        public String getKey(FrameChange c) {
            return c.streamId;
        }
    }
}
