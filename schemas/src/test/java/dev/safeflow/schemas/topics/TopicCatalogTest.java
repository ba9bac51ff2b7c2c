package dev.safeflow.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopicCatalogTest {
    @Test
    void namesCarryThePrefixAndStateTopicsAreCompacted() {
        TopicCatalog catalog = new TopicCatalog("team-a.", 6, (short) 3);
        assertEquals("team-a.ft.raw", catalog.name(SafeflowTopic.FT_RAW));
        assertEquals("compact", catalog.spec(SafeflowTopic.AUDIT_BLOCKED_SOURCES).configs().get("cleanup.policy"));
        assertEquals("compact", catalog.spec(SafeflowTopic.SAFETY_METRICS).configs().get("cleanup.policy"));
        assertEquals("delete", catalog.spec(SafeflowTopic.FT_CLEAN).configs().get("cleanup.policy"));
        assertEquals(SafeflowTopic.values().length, catalog.all().size());
    }

    @Test
    void dataTopicsTakeConfiguredPartitionsAndControlTopicsOne() {
        TopicCatalog catalog = new TopicCatalog("safeflow.", 6, (short) 1);
        assertEquals(6, catalog.spec(SafeflowTopic.FT_RAW).partitions());
        assertEquals(6, catalog.spec(SafeflowTopic.FT_QUARANTINE).partitions());
        assertEquals(1, catalog.spec(SafeflowTopic.MODEL_CHECKPOINTS).partitions());
    }

    @Test
    void zeroPartitionsIsRefusedWithTheKeyName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TopicCatalog("x.", 0, (short) 1));
        assertEquals("topics.partitions is 0: it must be at least 1", e.getMessage());
    }
}
