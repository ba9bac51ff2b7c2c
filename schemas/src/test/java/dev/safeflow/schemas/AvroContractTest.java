package dev.safeflow.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.SafetyMetric;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import dev.safeflow.avro.Alert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The contract's own rules: documented fields, namespaced types, timestamps as logical types. */
class AvroContractTest {
    static final List<Schema> TOP_LEVEL = List.of(FineTuneRecord.getClassSchema(), AuditedRecord.getClassSchema(),
        SourceStats.getClassSchema(), SourceBlock.getClassSchema(), Alert.getClassSchema(), CheckpointEvent.getClassSchema(),
        SafetyMetric.getClassSchema(), PromotionDecision.getClassSchema());

    @Test
    void everyFieldOfEveryRecordIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        for (Schema record : records()) {
            assertFalse(record.getDoc() == null || record.getDoc().isBlank(), record.getFullName() + " has no doc");
            record.getFields().stream().filter(f -> f.doc() == null || f.doc().isBlank())
                .forEach(f -> undocumented.add(record.getName() + "." + f.name()));
        }
        assertEquals(List.of(), undocumented);
    }

    @Test
    void everyTypeLivesInTheSafeflowNamespace() {
        for (Schema record : records()) {
            assertEquals("dev.safeflow.avro", record.getNamespace(), record.getFullName());
        }
    }

    @Test
    void timestampsUseTheTimestampMillisLogicalType() {
        List<String> plainLongTimes = new ArrayList<>();
        for (Schema record : records()) {
            for (Schema.Field f : record.getFields()) {
                boolean looksLikeTime = f.name().endsWith("At") || f.name().startsWith("window") || f.name().equals("at");
                if (looksLikeTime && f.schema().getLogicalType() != LogicalTypes.timestampMillis()) {
                    plainLongTimes.add(record.getName() + "." + f.name());
                }
            }
        }
        assertEquals(List.of(), plainLongTimes);
    }

    @Test
    void enumsHaveAFailSafeDefaultForSymbolsAddedLater() {
        assertEquals("QUARANTINED", AuditedRecord.getClassSchema().getField("verdict").schema().getEnumDefault());
        assertEquals("REJECTED", PromotionDecision.getClassSchema().getField("decision").schema().getEnumDefault());
    }

    @Test
    void avscSourcesShipInTheJarForRegistryTooling() {
        assertTrue(AvroContractTest.class.getResource("/avro/FineTuneRecord.avsc") != null);
    }

    private static Set<Schema> records() {
        Set<Schema> out = new HashSet<>();
        TOP_LEVEL.forEach(s -> collect(s, out));
        return out;
    }

    private static void collect(Schema schema, Set<Schema> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (out.add(schema)) {
                    schema.getFields().forEach(f -> collect(f.schema(), out));
                }
            }
            case ARRAY -> collect(schema.getElementType(), out);
            case MAP -> collect(schema.getValueType(), out);
            case UNION -> schema.getTypes().forEach(t -> collect(t, out));
            default -> { }
        }
    }
}
