package dev.saccade.job.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values before a command starts anything: each failure is one {@link ParameterException} whose
 * message names the option, what it got and what it accepts (the CLI prints it as one line and exits 2).
 */
public final class OptionChecks {
    private OptionChecks() {}

    public static void atLeast(CommandLine cl, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(cl, option + " must be at least " + min + " (got " + value + ")");
        }
    }

    public static void positive(CommandLine cl, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ParameterException(cl, option + " must be a positive number (got " + value + ")");
        }
    }

    public static void between(CommandLine cl, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(
                    cl, option + " must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    /** Null passes (the option was not given). */
    public static void oneOf(CommandLine cl, String option, String value, String... accepted) {
        if (value != null && Arrays.stream(accepted).noneMatch(a -> a.equals(value.toLowerCase(Locale.ROOT)))) {
            throw new ParameterException(
                    cl, option + " must be one of " + String.join(", ", accepted) + " (got '" + value + "')");
        }
    }

    /** A video input: a URL (anything with "://", left to FFmpeg) or a readable file. Null passes. */
    public static void inputExists(CommandLine cl, String option, String input) {
        if (input != null && !input.contains("://") && !Files.isReadable(Path.of(input))) {
            throw new ParameterException(
                    cl, option + " " + input + " is neither a readable file nor a URL (scheme://...)");
        }
    }

    /** A directory that must hold a file (a model bundle's manifest.json, say). Null passes. */
    public static void directoryWith(CommandLine cl, String option, Path dir, String file) {
        if (dir != null && !Files.isRegularFile(dir.resolve(file))) {
            throw new ParameterException(cl, option + " " + dir + " has no " + file);
        }
    }
}
