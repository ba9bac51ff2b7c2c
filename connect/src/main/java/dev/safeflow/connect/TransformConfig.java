package dev.safeflow.connect;

import dev.safeflow.records.mapping.MappingException;
import dev.safeflow.records.mapping.RecordMapping;
import dev.safeflow.schemas.identity.SourceName;
import dev.safeflow.schemas.topics.SafeflowTopic;
import dev.safeflow.schemas.topics.TopicCatalog;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The transform's settings (each key declared once, with its documentation), checked when the connector starts. */
record TransformConfig(String source, RecordMapping mapping, boolean stringsAreJson, String registryUrl, String registryAuth,
                       String rawTopic, String dlqTopic) {
    static final String SOURCE = "source";
    static final String MAPPING_FILE = "mapping.file";
    static final String MAPPING = "mapping";
    static final String VALUE_FORMAT = "value.format";
    static final String REGISTRY_URL = "registry.url";
    static final String REGISTRY_AUTH = "registry.basic-auth";
    static final String TOPICS_PREFIX = "topics.prefix";

    static final ConfigDef DEF = new ConfigDef()
        .define(SOURCE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
            "Source name the records are ingested for (statistics, alerts and blocking are per source)")
        .define(MAPPING_FILE, Type.STRING, "", Importance.HIGH,
            "Path of the mapping file (YAML) on the worker; see safeflow's docs/ingest.md")
        .define(MAPPING, Type.STRING, "", Importance.MEDIUM, "The mapping itself, inline, when there is no file")
        .define(VALUE_FORMAT, Type.STRING, "json", ConfigDef.ValidString.in("json", "text"), Importance.MEDIUM,
            "How string and byte values are read: json (parsed, read by JSON Pointer) or text (seen as {\"text\": VALUE}); "
                + "structs and maps are read as they are")
        .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
            "Schema registry that FineTuneRecord's schema is registered in (Confluent API)")
        .define(REGISTRY_AUTH, Type.PASSWORD, "", Importance.LOW, "user:password for the registry, if it needs one")
        .define(TOPICS_PREFIX, Type.STRING, "safeflow.", Importance.MEDIUM,
            "safeflow's topic prefix: mapped records go to <prefix>ft.raw, the rest to <prefix>ft.dlq");

    static TransformConfig from(Map<String, ?> props) {
        AbstractConfig c = new AbstractConfig(DEF, props);
        String source;
        try {
            source = SourceName.normalise(c.getString(SOURCE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SOURCE, c.getString(SOURCE), e.getMessage());
        }
        String file = c.getString(MAPPING_FILE);
        String inline = c.getString(MAPPING);
        if (file.isBlank() == inline.isBlank()) {
            throw new ConfigException("give exactly one of " + MAPPING_FILE + " (a YAML file on the worker) and " + MAPPING
                + " (the YAML inline)");
        }
        RecordMapping mapping;
        try {
            mapping = file.isBlank() ? RecordMapping.parse(inline, MAPPING) : RecordMapping.load(Path.of(file));
        } catch (MappingException e) {
            throw new ConfigException(e.getMessage());
        }
        TopicCatalog catalog = new TopicCatalog(c.getString(TOPICS_PREFIX), 1, (short) 1);
        return new TransformConfig(source, mapping, c.getString(VALUE_FORMAT).equals("json"), c.getString(REGISTRY_URL),
            c.getPassword(REGISTRY_AUTH).value(), catalog.name(SafeflowTopic.FT_RAW), catalog.name(SafeflowTopic.FT_DLQ));
    }
}
