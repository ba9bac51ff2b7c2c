package dev.safeflow.ingest;

import dev.safeflow.http.HttpKeys;
import dev.safeflow.ingest.bridge.BridgeConfig;
import dev.safeflow.records.FieldNames;
import dev.safeflow.records.RecordShape;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key of ingest, declared once. */
public final class IngestConfig {
    /** Kafka's default max.message.bytes is 1 MiB; a record must fit with its Avro framing and headers. */
    public static final ConfigKey<Integer> MAX_RECORD_BYTES = ConfigKey.of("ingest.max-record-bytes", Type.INT, 900_000,
        "Largest input record (bytes of one line, CSV row or array element); larger ones go to ft.dlq as too-large")
        .validatedBy(n -> n >= 64, "at least 64");
    public static final ConfigKey<String> FORMAT = ConfigKey.of("ingest.format",
        Type.oneOf(Arrays.stream(RecordShape.values()).map(RecordShape::wireName).toArray(String[]::new)),
        RecordShape.AUTO.wireName(),
        "Record shape of the input; auto detects it per record");
    public static final ConfigKey<Double> RATE = ConfigKey.of("ingest.rate", Type.DOUBLE, 0.0,
        "Most records per second to read, so a backfill does not starve other producers; 0 means no limit")
        .validatedBy(r -> r >= 0, "0 or more");
    public static final ConfigKey<String> CHECKPOINT_DIR = ConfigKey.of("ingest.checkpoint-dir", Type.STRING,
        "data/ingest-checkpoints", "Where file ingest keeps its resume checkpoints (last acknowledged line per file)");
    public static final ConfigKey<Integer> CHECKPOINT_EVERY = ConfigKey.of("ingest.checkpoint-every", Type.INT, 5_000,
        "Records between checkpoints: a checkpoint is written once the broker acknowledged its line (reading never waits), "
            + "so a smaller interval means a shorter read-back of the topics after a crash")
        .validatedBy(n -> n >= 1, "at least 1");
    public static final ConfigKey<String> HTTP_TOKEN = ConfigKey.of("ingest.http.token", Type.STRING, "",
        "A bearer token of 'ingest serve' that may send as any source (what a single token always allowed);"
            + " prefer ingest.http.tokens, which grants each token its sources. Serve needs one of the two");
    public static final ConfigKey<String> HTTP_TOKENS = ConfigKey.of("ingest.http.tokens", Type.STRING, "",
        "Bearer tokens of 'ingest serve' and the sources each may send as: TOKEN=SOURCE|SOURCE,TOKEN=SOURCE"
            + " (* grants every source); a source a token is not granted is refused with 403");
    /** Ten thousand records answer in seconds; a client with more sends more requests. */
    public static final ConfigKey<Integer> HTTP_MAX_RECORDS = ConfigKey.of("ingest.http.max-records", Type.INT, 10_000,
        "Records one request may carry; past it 'ingest serve' stops reading, answers the records so far and says where it stopped")
        .validatedBy(n -> n >= 1, "at least 1");
    /** Each rejected record is a dead letter: a body of junk lines must not turn into a flood on ft.dlq. */
    public static final ConfigKey<Integer> HTTP_MAX_REJECTED = ConfigKey.of("ingest.http.max-rejected", Type.INT, 1_000,
        "Rejected records (dead letters) one request may cause; at this many 'ingest serve' stops reading the request")
        .validatedBy(n -> n >= 1, "at least 1");
    /** Host, request and connection bounds and timeouts of 'ingest serve': {@code ingest.http.host} and the rest. */
    public static final HttpKeys HTTP = HttpKeys.of("ingest.http", "'ingest serve'");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("ingest.http.port", Type.INT, 8089,
        "Port of 'ingest serve'").validatedBy(p -> p >= 0 && p <= 65535, "0..65535");
    public static final ConfigKey<Integer> HTTP_MAX_BODY_BYTES = ConfigKey.of("ingest.http.max-body-bytes", Type.INT, 16 << 20,
        "Largest request body 'ingest serve' accepts; larger ones get 413").validatedBy(n -> n >= 1024, "at least 1024");

    /** One key per input field name, e.g. {@code ingest.fields.instruction=question} for data that calls it "question". */
    public static final Map<String, ConfigKey<String>> FIELD_KEYS = fieldKeys();

    public static final List<ConfigKey<?>> KEYS = keys();

    private IngestConfig() {
    }

    /** The platform keys plus ingest's. */
    public static ConfigSpec spec() {
        return PlatformConfig.spec().add(KEYS);
    }

    public static FieldNames fieldNames(Settings settings) {
        Map<String, String> names = new LinkedHashMap<>();
        FIELD_KEYS.forEach((field, key) -> names.put(field, settings.get(key)));
        return FieldNames.of(names);
    }

    private static Map<String, ConfigKey<String>> fieldKeys() {
        Map<String, ConfigKey<String>> keys = new LinkedHashMap<>();
        for (String field : FieldNames.DEFAULTS.keySet()) {
            keys.put(field, ConfigKey.of("ingest.fields." + field, Type.STRING, field,
                "Input field name that holds '" + field + "'").validatedBy(s -> !s.isBlank(), "not empty"));
        }
        return keys;
    }

    private static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> all = new ArrayList<>(List.of(MAX_RECORD_BYTES, FORMAT, RATE, CHECKPOINT_DIR, CHECKPOINT_EVERY,
            HTTP_TOKEN, HTTP_TOKENS, HTTP_PORT, HTTP_MAX_BODY_BYTES, HTTP_MAX_RECORDS, HTTP_MAX_REJECTED));
        all.addAll(HTTP.all());
        all.addAll(FIELD_KEYS.values());
        all.addAll(BridgeConfig.KEYS);
        return List.copyOf(all);
    }
}
