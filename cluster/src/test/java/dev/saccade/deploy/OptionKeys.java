package dev.saccade.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * Every configuration key that Flink's or Saccade's option classes on the test classpath define: each public static
 * {@link ConfigOption} of a {@code *Options} class, its fallback keys, and its templated keys
 * ({@code external-resource.<resource_name>.amount}) as patterns.
 */
final class OptionKeys {
    private static final Pattern REPORTER = Pattern.compile("metrics\\.reporter\\.[^.]+\\.(.+)");
    private final Set<String> keys = new HashSet<>();
    private final List<Pattern> templates = new ArrayList<>();

    private OptionKeys() {}

    /** The options under these package paths, e.g. "org/apache/flink/". */
    static OptionKeys scan(String... packagePaths) {
        OptionKeys out = new OptionKeys();
        ClassLoader loader = OptionKeys.class.getClassLoader();
        for (String root : packagePaths) {
            try {
                for (URL url : Collections.list(loader.getResources(root))) {
                    for (String className : classesUnder(url, root)) {
                        if (className.endsWith("Options") || className.endsWith("ConfigOptions")) {
                            out.addOptionsOf(className, loader);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    int size() {
        return keys.size();
    }

    /** What makes a key known, for messages: the key itself or the template pattern that matches it. */
    String why(String key) {
        if (keys.contains(key)) {
            return key;
        }
        // MetricOptions defines a reporter's options by suffix (factory.class, interval) under metrics.reporter.<name>.
        java.util.regex.Matcher reporter = REPORTER.matcher(key);
        if (reporter.matches() && keys.contains(reporter.group(1))) {
            return reporter.group(1);
        }
        return templates.stream()
                .filter(p -> p.matcher(key).matches())
                .map(Pattern::pattern)
                .findFirst()
                .orElse(null);
    }

    boolean knows(String key) {
        return why(key) != null;
    }

    /** Adds a key a library defines as a plain string constant rather than a ConfigOption. */
    OptionKeys with(String key) {
        keys.add(key);
        return this;
    }

    private void addOptionsOf(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (Throwable e) {
            return; // an options class whose dependencies this classpath lacks defines nothing we set
        }
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != ConfigOption.class) {
                continue;
            }
            try {
                ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                add(option.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    add(fallback.getKey());
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void add(String key) {
        if (key.startsWith("<")) {
            return; // a key that is all placeholder (some connector's free-form properties) would match anything
        }
        if (key.contains("<")) {
            // a placeholder stands for a name or, at the end, for a parameter that may contain dots
            templates.add(Pattern.compile(Pattern.quote(key).replaceAll("<[^>]+>", "\\\\E.+\\\\Q")));
        } else {
            keys.add(key);
        }
    }

    private static List<String> classesUnder(URL url, String root) throws IOException {
        List<String> out = new ArrayList<>();
        if ("jar".equals(url.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.startsWith(root) && name.endsWith(".class") && !name.contains("$")) {
                        out.add(name.substring(0, name.length() - 6).replace('/', '.'));
                    }
                }
            }
        } else if ("file".equals(url.getProtocol())) {
            java.nio.file.Path dir = java.nio.file.Path.of(java.net.URI.create(url.toString()));
            java.nio.file.Path base = dir;
            for (int i = 0; i < root.split("/").length; i++) {
                base = base.getParent();
            }
            java.nio.file.Path top = base;
            try (var files = java.nio.file.Files.walk(dir)) {
                files.map(p -> top.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                        .filter(n -> n.endsWith(".class") && !n.contains("$"))
                        .forEach(n -> out.add(n.substring(0, n.length() - 6).replace('/', '.')));
            }
        }
        return out;
    }
}
