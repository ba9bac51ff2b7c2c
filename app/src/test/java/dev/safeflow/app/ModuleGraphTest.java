package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's module table is the module graph: every pom's safeflow dependencies and every main-source import of
 * another module's package must be an arrow its "depends on" column names. Test-scoped dependencies (the embedded
 * broker for integration tests) are not arrows of the product.
 */
class ModuleGraphTest {

    private static final Path ROOT = repositoryRoot();
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)/` \\|.*\\| ([^|]+) \\|\\s*$");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.safeflow\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void everyMavenModuleHasARowInTheReadmeTable() throws Exception {
        assertEquals(new TreeSet<>(mavenModules()), new TreeSet<>(table().keySet()),
            "README.md's Modules table and the root pom's <modules> name different modules");
    }

    @Test
    void everyPomDependencyIsAnArrowOfTheReadmeTable() throws Exception {
        Map<String, Set<String>> allowed = table();
        List<String> wrong = new ArrayList<>();
        for (String module : mavenModules()) {
            for (String dep : pomDependencies(module)) {
                if (!allowed.get(module).contains(dep)) {
                    wrong.add(module + " -> " + dep);
                }
            }
        }
        assertTrue(wrong.isEmpty(), "pom dependencies not in README.md's Modules table: " + wrong);
    }

    @Test
    void everyCrossModuleImportIsAnArrowOfTheReadmeTable() throws Exception {
        Map<String, Set<String>> allowed = table();
        List<String> wrong = new ArrayList<>();
        for (String module : mavenModules()) {
            Path src = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(f));
                    while (m.find()) {
                        // Avro's generated classes are the schemas module's.
                        String target = m.group(1).equals("avro") ? "schemas" : m.group(1);
                        if (!target.equals(module) && !allowed.get(module).contains(target)) {
                            wrong.add(ROOT.relativize(f) + " imports " + target);
                        }
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "imports across modules not in README.md's Modules table: " + wrong);
    }

    @Test
    void theTableHasNoCycle() throws Exception {
        Map<String, Set<String>> graph = table();
        for (String start : graph.keySet()) {
            assertTrue(!reaches(graph, start, start, new TreeSet<>()), "README.md's module table has a cycle through "
                + start);
        }
    }

    private static boolean reaches(Map<String, Set<String>> g, String from, String target, Set<String> seen) {
        for (String next : g.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(g, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    /** Module → the modules its "depends on" cell names ("—" none, "all" every other Maven module). */
    private static Map<String, Set<String>> table() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("\n## Modules"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches() && Files.isRegularFile(ROOT.resolve(m.group(1)).resolve("pom.xml"))) {
                out.put(m.group(1), parseDeps(m.group(2).strip()));
            }
        }
        out.replaceAll((module, deps) -> deps.contains("all") ? allBut(out.keySet(), module) : deps);
        return out;
    }

    private static Set<String> parseDeps(String cell) {
        Set<String> deps = new TreeSet<>();
        Matcher m = Pattern.compile("`?(\\w+)`?").matcher(cell);
        while (m.find()) {
            deps.add(m.group(1));
        }
        return deps;
    }

    private static Set<String> allBut(Set<String> modules, String me) {
        Set<String> all = new TreeSet<>(modules);
        all.remove(me);
        return all;
    }

    private static List<String> mavenModules() throws Exception {
        NodeList nodes = xml(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    /** The safeflow modules a pom depends on outside test scope. */
    private static List<String> pomDependencies(String module) throws Exception {
        NodeList deps = xml(ROOT.resolve(module).resolve("pom.xml")).getElementsByTagName("dependency");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String group = text(d, "groupId");
            String artifact = text(d, "artifactId");
            if ("dev.safeflow".equals(group) && !"test".equals(text(d, "scope")) && artifact.startsWith("safeflow-")) {
                out.add(artifact.substring("safeflow-".length()));
            }
        }
        return out;
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("pom.xml"))
                && Files.isDirectory(dir.resolve("schemas"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
