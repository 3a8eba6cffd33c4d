package io.parley.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A benchmark's parameters by name: the defaults its usage text names, overridden by system properties
 * ({@code -Dpairs=10}), overridden by arguments ({@code pairs=10}, also {@code --pairs=10} or {@code -Dpairs=10}). An
 * argument of another name is an {@link IllegalArgumentException}. Numbers accept {@code _}, {@code ,} and a
 * {@code k} or {@code m} suffix.
 */
final class Parameters {

    private final Map<String, String> values;

    private Parameters(Map<String, String> values) {
        this.values = values;
    }

    /** A line of the usage that starts with two spaces and {@code name=default} (nothing: empty) names a parameter. */
    private static final Pattern USAGE_LINE = Pattern.compile("^ {2}([A-Za-z]\\w*)=(\\S*)", Pattern.MULTILINE);

    static Parameters read(String usage, String[] args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher line = USAGE_LINE.matcher(usage);
        while (line.find()) {
            defaults.put(line.group(1), line.group(2));
        }
        Map<String, String> values = new LinkedHashMap<>();
        defaults.forEach((name, value) -> {
            String property = System.getProperty(name);
            values.put(name, property == null || property.isBlank() ? value : property.trim());
        });
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-D") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq < 0 || !defaults.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("Unknown argument: " + arg);
            }
            values.put(a.substring(0, eq), a.substring(eq + 1).trim());
        }
        return new Parameters(values);
    }

    String text(String name) {
        return values.get(name);
    }

    int number(String name) {
        String v = values.get(name).replace("_", "").replace(",", "").toLowerCase(Locale.ROOT);
        int multiplier = 1;
        if (v.endsWith("k")) {
            multiplier = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            multiplier = 1_000_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Integer.parseInt(v), multiplier);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a number for " + name + ": " + values.get(name));
        }
    }
}
