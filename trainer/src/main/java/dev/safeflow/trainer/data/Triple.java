package dev.safeflow.trainer.data;

/** One contrastive example: a harmful prompt, a safe (refusing) response and a harmful (complying) one. */
public record Triple(String prompt, String safe, String harmful) {}
