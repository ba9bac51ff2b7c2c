package dev.safeflow.records.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeflow.avro.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code messages: {path: /turns, role: speaker, content: text, roles: {agent: assistant, customer: user}}}: a list
 * of turn objects, each turn's role and content read by a path relative to the turn. Roles are lower-cased and then
 * renamed through {@code roles}, so a source's own names (agent, customer) become the chat roles a template knows.
 */
record MessagesSpec(Expr.Path list, Expr.Path role, Expr.Path content, Map<String, String> roles) {

    static MessagesSpec compile(ExprCompiler c, JsonNode spec) {
        if (spec.isTextual()) {
            return new MessagesSpec(c.path(spec.asText(), "messages"), c.path("role", "messages.role"),
                c.path("content", "messages.content"), Map.of());
        }
        if (!spec.isObject() || !spec.has("path")) {
            throw c.error("messages", "must be a path to a list of turns, or {path: ..., role: ..., content: ..., roles: {...}}");
        }
        c.allowOnly(spec, "messages", "path", "role", "content", "roles");
        Map<String, String> roles = new LinkedHashMap<>();
        if (spec.has("roles")) {
            if (!spec.get("roles").isObject()) {
                throw c.error("messages.roles", "must be a map from the source's role names to user, assistant or system");
            }
            spec.get("roles").fields().forEachRemaining(e ->
                roles.put(e.getKey().toLowerCase(Locale.ROOT), c.text(e.getValue(), "messages.roles." + e.getKey())));
        }
        return new MessagesSpec(c.path(c.text(spec.get("path"), "messages.path"), "messages.path"),
            c.path(spec.has("role") ? c.text(spec.get("role"), "messages.role") : "role", "messages.role"),
            c.path(spec.has("content") ? c.text(spec.get("content"), "messages.content") : "content", "messages.content"),
            Map.copyOf(roles));
    }

    List<ChatMessage> turns(JsonNode value) throws Expr.Unresolved {
        JsonNode items;
        try {
            items = list.node(value);
        } catch (Expr.Unresolved e) {
            throw new Expr.Unresolved("messages: " + e.getMessage());
        }
        if (!items.isArray()) {
            throw new Expr.Unresolved("messages: expected a list of turns at " + list.written() + ", found "
                + Expr.Path.kind(items));
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode turn = items.get(i);
            String where = "messages: turn " + i + " at " + list.written() + ": ";
            try {
                String r = role.text(turn).strip().toLowerCase(Locale.ROOT);
                out.add(new ChatMessage(roles.getOrDefault(r, r), content.text(turn)));
            } catch (Expr.Unresolved e) {
                throw new Expr.Unresolved(where + e.getMessage());
            }
        }
        return out;
    }
}
