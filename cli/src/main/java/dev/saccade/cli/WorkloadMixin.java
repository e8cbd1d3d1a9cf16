package dev.saccade.cli;

import dev.saccade.datasets.footage.FootageDataset;
import dev.saccade.datasets.footage.FootagePaths;
import dev.saccade.datasets.footage.TeacherSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --workload}, {@code --input} and {@code --data}: which clips train and eval read, checked once. */
public final class WorkloadMixin {
    @Option(
            names = "--workload",
            defaultValue = "synthetic",
            description = "synthetic (the scene generator) or footage (real videos, --input, labelled by the teacher "
                    + "detector and split in time: train the first 60%, validation, test the last 20%). Default: "
                    + "${DEFAULT-VALUE}.")
    String workload;

    @Option(names = "--input", split = ",", description = "Videos for --workload footage, comma-separated.")
    List<Path> inputs;

    @Option(
            names = "--data",
            description = "Folder with models/yolox for the teacher (default: SACCADE_DATA, else ../shared/data beside "
                    + "the checkout).")
    Path data;

    @Mixin
    TeacherRuntimeMixin teacherRuntime;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Checks the workload, that --input comes with footage only, and that every input is a file. */
    public void validate() {
        if (!"synthetic".equals(workload) && !"footage".equals(workload)) {
            throw new ParameterException(
                    spec.commandLine(), "--workload '" + workload + "' is unknown (synthetic, footage)");
        }
        if (footage() != (inputs != null && !inputs.isEmpty())) {
            throw new ParameterException(
                    spec.commandLine(), "--input is needed with --workload footage and only there");
        }
        for (Path v : inputs == null ? List.<Path>of() : inputs) {
            if (!Files.isRegularFile(v)) {
                throw new ParameterException(spec.commandLine(), "--input " + v + " is not a file");
            }
        }
    }

    public boolean footage() {
        return "footage".equals(workload);
    }

    /** The footage dataset of --input, labelled by the teacher (cached) with clips of {@code clipLength}. */
    public FootageDataset openFootage(int clipLength) throws IOException {
        return FootageDataset.open(
                inputs,
                teacher(clipLength),
                FootagePaths.teacherCache(),
                System.err::println,
                teacherRuntime.runtime());
    }

    /** The teacher detector's settings, from --data. */
    public TeacherSettings teacher(int clipLength) {
        return TeacherSettings.yoloxNano(data != null ? data : FootagePaths.dataDir(), clipLength);
    }

    /** The inputs as the command line gave them, for the command recorded in bundles and reports. */
    public String inputList() {
        return String.join(",", inputs.stream().map(Path::toString).toList());
    }
}
