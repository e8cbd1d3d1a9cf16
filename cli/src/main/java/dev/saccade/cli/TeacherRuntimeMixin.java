package dev.saccade.cli;

import dev.saccade.datasets.footage.TeacherRuntime;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --teacher-engine}, {@code --teacher-device} and {@code --teacher-batch}: where the teacher detector runs. */
public final class TeacherRuntimeMixin {
    @Option(
            names = "--teacher-engine",
            defaultValue = "auto",
            description = "onnxruntime (frame by frame, CPU), pytorch (the same ONNX graph in batches, CPU or GPU) or "
                    + "auto: pytorch on a GPU where one is present, else onnxruntime. Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(
            names = "--teacher-device",
            defaultValue = "auto",
            description = "cpu, gpu, gpuN or auto (a GPU where present). Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(
            names = "--teacher-batch",
            description = "Frames per forward pass with the pytorch engine (default: 32 on a GPU, 8 on a CPU; "
                    + "onnxruntime takes 1).")
    Integer batch;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The runtime the options name; a bad combination is one line naming the options. */
    public TeacherRuntime runtime() {
        try {
            return TeacherRuntime.parse(engine, device, batch);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--teacher-engine/--teacher-device/--teacher-batch: " + e.getMessage());
        }
    }
}
