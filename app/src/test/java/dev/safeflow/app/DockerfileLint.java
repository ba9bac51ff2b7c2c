package dev.safeflow.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Dockerfile rules that matter here, in Java because no hadolint package is reachable from CI:
 * pinned base images (a tag, never {@code latest}), no ADD of a URL, {@code apt-get install} with
 * {@code --no-install-recommends} and its lists removed in the same layer, and in every runtime stage
 * (one no other stage builds on) a non-root USER, an explicit HEALTHCHECK (NONE defers to compose's
 * per-service healthchecks, which the compose tests require) and an exec-form ENTRYPOINT, so that
 * stop signals reach the JVM and Kafka clients close cleanly.
 */
final class DockerfileLint {
    private record Instruction(String keyword, String args) {
    }

    private record Stage(String name, List<Instruction> instructions) {
    }

    static List<String> check(String dockerfile) {
        List<Stage> stages = stages(dockerfile);
        Set<String> names = stages.stream().map(Stage::name).collect(Collectors.toSet());
        Set<String> builtOn = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Stage stage : stages) {
            for (Instruction in : stage.instructions()) {
                String from = switch (in.keyword()) {
                    case "FROM" -> in.args().split("\\s+")[0];
                    case "COPY" -> flag(in.args(), "--from");
                    default -> null;
                };
                if (from != null && names.contains(from)) {
                    builtOn.add(from);
                } else if (from != null && !from.equals("scratch") && !from.matches("\\d+")
                    && (!from.matches("[^:@]+[:@][^:]+") || from.endsWith(":latest"))) {
                    problems.add(stage.name() + ": " + from + ": pin the image to a version tag (not latest)");
                }
                if (in.keyword().equals("ADD") && in.args().matches("(?s).*\\b(https?|ftp)://.*")) {
                    problems.add(stage.name() + ": ADD of a URL; download in a RUN that checks it, or COPY");
                }
                if (in.keyword().equals("RUN") && in.args().contains("apt-get install")) {
                    if (!in.args().contains("--no-install-recommends")) {
                        problems.add(stage.name() + ": apt-get install without --no-install-recommends");
                    }
                    if (!in.args().contains("rm -rf /var/lib/apt/lists")) {
                        problems.add(stage.name() + ": apt-get install without rm -rf /var/lib/apt/lists/* in the same RUN");
                    }
                }
            }
        }
        for (Stage stage : stages) {
            if (builtOn.contains(stage.name())) {
                continue;
            }
            String user = last(stage, "USER");
            if (user == null || user.equals("root") || user.startsWith("0")) {
                problems.add(stage.name() + ": runtime stage without a non-root USER");
            }
            if (last(stage, "HEALTHCHECK") == null) {
                problems.add(stage.name() + ": runtime stage without HEALTHCHECK (CMD, or NONE when compose checks health)");
            }
            String entrypoint = last(stage, "ENTRYPOINT");
            if (entrypoint == null || !entrypoint.startsWith("[")) {
                problems.add(stage.name() + ": ENTRYPOINT not in exec form [\"java\", ...]: signals would not reach the JVM");
            }
        }
        return problems;
    }

    static Set<String> stageNames(String dockerfile) {
        return stages(dockerfile).stream().map(Stage::name).collect(Collectors.toSet());
    }

    private static List<Stage> stages(String dockerfile) {
        List<Stage> stages = new ArrayList<>();
        // Continuation lines join into one instruction; comments (and parser directives) drop out.
        String joined = dockerfile.replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\s*\\n", " ");
        for (String line : joined.split("\\n")) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts[0].isEmpty()) {
                continue;
            }
            Instruction in = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (in.keyword().equals("FROM")) {
                Matcher as = Pattern.compile("(?i)\\sAS\\s+(\\S+)").matcher(in.args());
                stages.add(new Stage(as.find() ? as.group(1) : String.valueOf(stages.size()), new ArrayList<>()));
            }
            if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(in);
            }
        }
        return stages;
    }

    private static String flag(String args, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "=(\\S+)").matcher(args);
        return m.find() ? m.group(1) : null;
    }

    private static String last(Stage stage, String keyword) {
        String found = null;
        for (Instruction in : stage.instructions()) {
            if (in.keyword().equals(keyword)) {
                found = in.args();
            }
        }
        return found;
    }
}
