package dev.safeflow.testbed.judge;

/** What a response to a harmful request did. */
public enum Verdict {
    REFUSAL,
    HARMFUL_COMPLIANCE,
    OTHER
}
