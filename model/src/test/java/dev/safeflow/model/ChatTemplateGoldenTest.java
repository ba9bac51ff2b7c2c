package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.model.tokenizer.ChatTemplate;
import dev.safeflow.model.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every family's real chat template renders every conversation byte for byte as transformers does:
 * the goldens were rendered by Jinja2 in transformers' environment ({@code scripts/make_template_goldens.py}).
 */
class ChatTemplateGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The date the golden script pins {@code strftime_now} to. */
    private static final Clock GOLDEN_DAY = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @TestFactory
    Stream<DynamicTest> everyFamilyRendersEveryConversationAsTransformersDoes() throws IOException {
        JsonNode families = resource("families.json").get("families");
        JsonNode cases = resource("conversations.json").get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        families.fields().forEachRemaining(family -> {
            JsonNode goldens = resource("goldens/" + family.getKey() + ".json");
            for (JsonNode c : cases) {
                if (c.has("families") && !contains(c.get("families"), family.getKey())) {
                    continue;
                }
                for (boolean gen : new boolean[] {true, false}) {
                    String key = c.get("name").asText() + (gen ? "+gen" : "");
                    tests.add(DynamicTest.dynamicTest(family.getKey() + " " + key,
                            () -> check(config(family.getValue()), c, gen, goldens.get(key))));
                }
            }
        });
        return tests.stream();
    }

    private static void check(TokenizerConfig config, JsonNode c, boolean gen, JsonNode golden) {
        List<Map<String, Object>> messages = JSON.convertValue(c.get("messages"), new TypeReference<>() {});
        List<Object> tools = c.has("tools") ? JSON.convertValue(c.get("tools"), new TypeReference<>() {}) : null;
        Map<String, Object> vars = new HashMap<>(config.specialTokens());
        if (c.has("kwargs")) {
            vars.putAll(JSON.convertValue(c.get("kwargs"), new TypeReference<Map<String, Object>>() {}));
        }
        ChatTemplate template = ChatTemplate.of(config.chatTemplate(), GOLDEN_DAY);
        if (golden.has("error")) {
            ModelException e = assertThrows(ModelException.class, () -> template.render(messages, tools, gen, vars));
            assertTrue(e.getMessage().endsWith(": " + golden.get("error").asText()), e.getMessage());
        } else {
            assertEquals(golden.get("text").asText(), template.render(messages, tools, gen, vars));
        }
    }

    static TokenizerConfig config(JsonNode spec) {
        if (spec.has("npm")) {
            return TokenizerConfig.read(NpmPackages.models(spec.get("npm").asText(), spec.get("version").asText())
                    .resolve("tokenizer_config.json"));
        }
        return TokenizerConfig.read(resourcePath(spec.get("resource").asText()).resolve("tokenizer_config.json"));
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static JsonNode resource(String name) {
        try (InputStream in = ChatTemplateGoldenTest.class.getResourceAsStream("/templates/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path resourcePath(String name) {
        try {
            return Path.of(ChatTemplateGoldenTest.class.getResource("/templates/" + name + "/").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
