package dev.saccade.job.command;

import dev.saccade.models.bundle.BundleSelfCheck;
import dev.saccade.models.bundle.ModelBundle;
import dev.saccade.operators.ModelSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Before a job starts: loads the model bundle once, which runs its self-check, so a machine whose engine computes
 * wrong results stops the job with one message instead of starting it to give wrong labels.
 */
public final class ModelPreflight {
    private ModelPreflight() {}

    /** True when the job may start; otherwise prints why on {@code err}. */
    public static boolean check(ModelSettings model, PrintStream err) {
        if (!model.usesModels()) {
            return true;
        }
        try (ModelBundle bundle = ModelBundle.load(Path.of(model.bundle()))) {
            BundleSelfCheck.Report r = bundle.selfCheck();
            err.println(
                    r == null
                            ? "saccade: model bundle " + model.bundle() + " has no golden outputs; not self-checked"
                            : "saccade: model self-check passed on " + r.cpu() + " (" + r.onednn() + ")");
            return true;
        } catch (BundleSelfCheck.SelfCheckFailed e) {
            err.println("saccade: " + e.getMessage());
            return false;
        } catch (IOException e) {
            err.println("saccade: cannot load model bundle " + model.bundle() + ": " + e.getMessage());
            return false;
        }
    }
}
