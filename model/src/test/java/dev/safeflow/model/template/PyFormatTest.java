package dev.safeflow.model.template;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Python raises (a TypeError or IndexError, which Jinja2 passes through and the golden script cannot record as a
 * template error) for arguments that do not match a format: each formatting says it in CPython's words.
 */
class PyFormatTest {

    private static String error(String template) {
        return assertThrows(TemplateException.class, () -> JinjaTemplate.compile(template).render(Map.of())).getMessage();
    }

    @Test
    void percentFormattingCountsItsArgumentsAsCPythonDoes() {
        assertTrue(error("{{ '%s %s' % ('a',) }}").endsWith("not enough arguments for format string"));
        assertTrue(error("{{ '%s' % ('a', 'b') }}").endsWith("not all arguments converted during string formatting"));
        assertTrue(error("{{ '%s %s'|format('a') }}").endsWith("not enough arguments for format string"));
    }

    @Test
    void strFormatNamesTheMissingReplacementIndex() {
        assertTrue(error("{{ '{} {}'.format('a') }}").endsWith("Replacement index 1 out of range for positional args tuple"));
        assertTrue(error("{{ '{:.f}'.format(1.5) }}").endsWith("Format specifier missing precision"));
    }
}
