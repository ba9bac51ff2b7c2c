package dev.safeflow.testbed.world;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request templates and slot fillers of every harm category, read from the bundled
 * {@code harmful.txt}. Requests only: responses are made by {@link Responses} and carry no content.
 *
 * @param templates category → templates with one {@code {x}} slot, in file order
 * @param fillers category → fillers, in file order
 */
public record HarmfulCatalog(Map<String, List<String>> templates, Map<String, List<String>> fillers) {

    public static final String SLOT = "{x}";

    public HarmfulCatalog {
        templates = copy(templates);
        fillers = copy(fillers);
    }

    /** The catalog shipped with the testbed. */
    public static HarmfulCatalog bundled() {
        try (InputStream in = HarmfulCatalog.class.getResourceAsStream("harmful.txt")) {
            if (in == null) {
                throw new IllegalStateException("harmful.txt is missing from the testbed jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HarmfulCatalog parse(List<String> lines) {
        Map<String, List<String>> t = new LinkedHashMap<>();
        Map<String, List<String>> f = new LinkedHashMap<>();
        String category = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                category = line.substring(1, line.length() - 1);
                t.put(category, new ArrayList<>());
                f.put(category, new ArrayList<>());
            } else if (category != null && line.startsWith("t: ") && line.contains(SLOT)) {
                t.get(category).add(line.substring(3));
            } else if (category != null && line.startsWith("f: ")) {
                f.get(category).add(line.substring(3));
            } else {
                throw new IllegalStateException("harmful.txt: cannot parse line '" + raw + "'");
            }
        }
        return new HarmfulCatalog(t, f);
    }

    public List<String> categories() {
        return List.copyOf(templates.keySet());
    }

    public int templateCount() {
        return templates.values().stream().mapToInt(List::size).sum();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
