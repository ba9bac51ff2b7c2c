package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DjlTest {

    @Test
    void engineRunsOfflineOnTheLibtorchFromTheNativeJar() {
        assertEquals("2.7.1", Djl.engine().getVersion());
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }
}
