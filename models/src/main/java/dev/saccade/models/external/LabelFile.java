package dev.saccade.models.external;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads class names: either one name per line, or {@code index,name} per line (index order need not be sorted). */
public final class LabelFile {

    private static final Pattern INDEXED = Pattern.compile("^\\s*(\\d+)\\s*,(.*)$");

    private LabelFile() {}

    /** Class names by class index; blank lines are ignored. */
    public static List<String> read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        if (lines.isEmpty()) {
            throw new IOException("no labels in " + file);
        }
        boolean indexed = lines.stream().allMatch(l -> INDEXED.matcher(l).matches());
        if (!indexed) {
            return List.copyOf(lines);
        }
        String[] names = new String[lines.size()];
        for (String line : lines) {
            Matcher m = INDEXED.matcher(line);
            m.matches();
            int index = Integer.parseInt(m.group(1));
            if (index >= names.length || names[index] != null) {
                throw new IOException("labels in " + file + " are not indices 0.." + (names.length - 1)
                        + " each once: bad line '" + line + "'");
            }
            names[index] = unquote(m.group(2).strip());
        }
        return List.of(names);
    }

    /** Strips CSV-style quotes, also a stray one (WinML's SqueezeNet Labels.txt ends with an unmatched quote). */
    private static String unquote(String name) {
        String s = name;
        if (s.startsWith("\"")) {
            s = s.substring(1);
        }
        if (s.endsWith("\"")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.strip();
    }
}
