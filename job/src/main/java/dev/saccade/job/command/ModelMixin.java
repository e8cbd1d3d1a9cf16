package dev.saccade.job.command;

import dev.saccade.operators.OperatorOptions;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --mode}, {@code --model} and {@code --focus-device}: what classifies the clips, for demo, job and bench. */
public final class ModelMixin {
    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description =
                    "adaptive (glance, policy, early exit, focus on patches), dense (the full model on every frame, "
                            + "the baseline) or motion (frame differencing only). Default: adaptive.")
    String mode;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Model bundle directory, or synthetic / footage for the shipped bundles (models/bundle, "
                    + "trained on the synthetic scenes; models/footage-bundle, distilled from the teacher detector on "
                    + "real footage). Default: footage for job and demo --input, synthetic for the synthetic demo.")
    Path model;

    @Option(
            names = "--focus-device",
            paramLabel = "DEVICE",
            description = "Where the focus stage runs f_L: auto (the TaskManager's GPU where the engine sees one, else "
                    + "CPU), gpu or cpu. Default: auto.")
    String focusDevice;

    @Option(
            names = "--focus-role",
            paramLabel = "ROLE",
            description = "What the focus stage runs on the policy's patches: local (the trained f_L, batched) or "
                    + "detector (the reference detector, YOLOX-nano from SACCADE_DATA or ../shared/data; events carry "
                    + "its boxes; footage bundles only). Default: local.")
    String focusRole;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Checks the given values before anything starts (one line naming the option otherwise). */
    public void validate() {
        OptionChecks.oneOf(spec.commandLine(), "--mode", mode, "adaptive", "dense", "motion");
        OptionChecks.oneOf(spec.commandLine(), "--focus-device", focusDevice, "auto", "gpu", "cpu");
        OptionChecks.oneOf(spec.commandLine(), "--focus-role", focusRole, "local", "detector");
        OptionChecks.directoryWith(spec.commandLine(), "--model", bundle(null), "manifest.json");
    }

    /** The bundle asked for ("synthetic" and "footage" name the shipped ones), else {@code fallback}. */
    Path bundle(Path fallback) {
        if (model == null) {
            return fallback;
        }
        return switch (model.toString()) {
            case "synthetic" -> ModelPaths.defaultBundle();
            case "footage" -> ModelPaths.footageBundle();
            default -> model;
        };
    }

    /** Adds what was given to the defaults map, leaving --set to override it; the synthetic bundle by default. */
    public void addTo(Map<String, String> defaults, String defaultMode) {
        addTo(defaults, defaultMode, ModelPaths.defaultBundle());
    }

    /** Adds what was given to the defaults map, leaving --set to override it. */
    public void addTo(Map<String, String> defaults, String defaultMode, Path defaultBundle) {
        validate();
        String m = mode != null ? mode : defaultMode;
        if (m != null) {
            defaults.put(OperatorOptions.MODE.key(), m.toUpperCase(java.util.Locale.ROOT));
        }
        defaults.put(
                OperatorOptions.MODEL_BUNDLE.key(),
                bundle(defaultBundle).toAbsolutePath().normalize().toString());
        if (focusDevice != null) {
            defaults.put(OperatorOptions.FOCUS_DEVICE.key(), focusDevice.toUpperCase(java.util.Locale.ROOT));
        }
        if (focusRole != null) {
            defaults.put(OperatorOptions.FOCUS_ROLE.key(), focusRole.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
