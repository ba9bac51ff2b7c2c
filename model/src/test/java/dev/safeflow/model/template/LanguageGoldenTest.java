package dev.safeflow.model.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Jinja2 language as transformers configures it, one construct per case, rendered byte for byte as
 * Jinja2 renders it (goldens from {@code scripts/make_template_goldens.py}); a case Jinja2 refuses is refused.
 */
class LanguageGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyLanguageCaseRendersAsJinja2Does() throws IOException {
        JsonNode goldens = read("goldens/language.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : read("language.json").get("cases")) {
            JsonNode golden = goldens.get(c.get("name").asText());
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Map<String, Object> context = JSON.convertValue(c.get("context"), new TypeReference<>() {});
                JinjaTemplate t = JinjaTemplate.compile(c.get("template").asText());
                if (golden.has("error")) {
                    TemplateException e = assertThrows(TemplateException.class, () -> t.render(context));
                    if (e instanceof TemplateException.Raised) {
                        assertEquals(golden.get("error").asText(), e.getMessage());
                    }
                } else {
                    assertEquals(golden.get("text").asText(), t.render(context));
                }
            }));
        }
        return tests.stream();
    }

    private static JsonNode read(String name) throws IOException {
        try (InputStream in = LanguageGoldenTest.class.getResourceAsStream("/templates/" + name)) {
            return JSON.readTree(in);
        }
    }
}
