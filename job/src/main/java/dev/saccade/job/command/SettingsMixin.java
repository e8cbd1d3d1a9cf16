package dev.saccade.job.command;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** {@code --set key=value}: any Flink or Saccade option (see README's configuration table). */
public final class SettingsMixin {
    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Set any Flink or Saccade option, e.g. --set saccade.clip.length=8 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The defaults given, overridden by whatever the user set. */
    /** The --set KEY=VALUE pairs as given. */
    public Map<String, String> settings() {
        return settings;
    }

    public Configuration configuration(Map<String, String> defaults) {
        Map<String, String> all = new LinkedHashMap<>(defaults);
        all.putAll(settings);
        return Configuration.fromMap(all);
    }
}
